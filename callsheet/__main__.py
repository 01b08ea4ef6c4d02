"""`python -m callsheet ...`: see `callsheet.cli`."""
from callsheet.cli import main

raise SystemExit(main())
