"""``python -m rotation`` runs the command line."""

import sys

from rotation.cli import main

sys.exit(main())
