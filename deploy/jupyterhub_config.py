"""JupyterHub configuration of the Kota Dumai SPBE course (one machine, one Linux account per person).

`egov-course hub install` copies this file to <root>/etc/ beside hub.yaml; the hub is started with
`egov-course hub start` (or `sudo make hub`). Everything is in egov_course.hub.config, which reads
the deployment's settings from $EGOV_HUB_SETTINGS or the hub.yaml next to this file. The end-to-end
test runs this same file with its own hub.yaml (another root, port and name prefix).
"""

import os
from pathlib import Path

from egov_course.hub import settings as hub_settings
from egov_course.hub.config import configure

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

configure(c, hub_settings.load(os.environ.get("EGOV_HUB_SETTINGS") or Path(__file__).with_name(hub_settings.SETTINGS_NAME)))
