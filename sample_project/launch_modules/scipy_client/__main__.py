"""Entry point for ``python -m scipy_client``."""

import sys

from scipy_client import main

sys.exit(main())
