"""GUI test setup: Qt renders offscreen; this must happen before the first Qt import."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
