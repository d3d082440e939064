"""Entry point of the frozen application: the same command line as `archivist`."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Helper processes (extraction workers, the index writer) re-enter this executable;
    # freeze_support lets them run their task instead of the application.
    multiprocessing.freeze_support()
    from archivist.cli.main import main

    sys.exit(main())
