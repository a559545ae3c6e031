"""The course on JupyterHub for a whole cohort, on one machine.

One Linux account per person, named by pseudonym (``asn-0001``); PAM authentication;
``LocalProcessSpawner``; nbgrader's file exchange; formgrader as a hub service named after the
course id, run by the grader account that owns the course folder; a read-only ``dasbor`` service
for analysts; the gradebook in PostgreSQL (peer authentication over the local socket, so no
password is stored anywhere and only the grader account can open it).

Modules, one job each (dependencies run downward):

- ``settings``  where everything lives and what it is called (``hub.yaml``)
- ``system``    running commands as root or as another user; checks (root, ports)
- ``accounts``  Linux accounts and groups of learners and staff, initial passwords
- ``cards``     the printable login cards per OPD (instructors only)
- ``provision`` the one-machine installation: venv, proxy, exchange, grader, PostgreSQL, Jupyter config
- ``config``    what ``deploy/jupyterhub_config.py`` applies to JupyterHub
- ``dasbor``    the analysts' read-only dashboard service
"""
