"""The frozen app's entry point (PyInstaller runs this, not the ``saved-reader`` script).

The import runs in worker processes started by a forkserver (reader/core/lifeline.py): in a
frozen app those are new copies of this executable, which ``freeze_support`` sends to their
work before the command line is read.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from reader.cli import main

    sys.exit(main())
