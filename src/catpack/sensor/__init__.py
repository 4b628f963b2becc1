"""The pack thermometer: reading a Bluetooth sensor in the backpack.

``bthome`` decodes BTHome v2 service data (pure, no I/O); ``scanner`` is the
radio (bleak, behind the ``[sensor]`` extra) and the one seam tests fake;
``uplink`` batches readings and posts them to the server's API, keeping
unsent ones on disk; ``trace`` makes and replays recorded traces for
``catpack sensor simulate``. Nothing here imports the web, database or CLI
code: the watcher speaks to the server over HTTP only.
"""
