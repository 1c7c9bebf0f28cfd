"""Human-facing output: summaries, the rotation list, workbooks."""
