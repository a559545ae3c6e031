"""JupyterHub configuration of a deployment, applied by ``deploy/jupyterhub_config.py``.

- Authentication: PAM against the Linux accounts (``accounts``); only members of the course's
  three groups may log in, and their JupyterHub groups follow their Linux groups at every login.
- Learners (``<course>-peserta``): their own server (``LocalProcessSpawner``, their own uid), opening
  JupyterLab on their copy of the lessons; nothing else.
- Instructors (``<course>-pelatih``): JupyterHub admins; formgrader, a service named after the
  course id run by the grader account; the dashboard.
- Analysts (``<course>-analis``): the ``dasbor`` service only: no server, no formgrader.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
from pathlib import Path

from .provision import grader_env
from .settings import DASBOR_SERVICE, LESSONS_FOLDER, HubSettings
from .system import chown_tree


def lessons_source(settings: HubSettings) -> Path:
    """The lessons every learner gets a copy of: the grader's course/ (so an instructor's fix reaches new copies)."""
    return settings.course_dir / "course"


def copy_lessons(settings: HubSettings, login: str) -> Path | None:
    """Give ``login`` a fresh copy of the lessons when their home has none (first login, or deleted)."""
    entry = pwd.getpwnam(login)
    home = Path(entry.pw_dir)
    target = home / LESSONS_FOLDER
    if target.exists():
        return None
    home.mkdir(mode=0o700, exist_ok=True)
    shutil.copytree(lessons_source(settings), target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    chown_tree(target, entry.pw_uid, entry.pw_gid)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    return target


def linux_groups(settings: HubSettings, login: str) -> list[str]:
    """The course groups ``login`` is a member of, read from /etc/group at login time."""
    found = []
    for group in settings.groups.values():
        try:
            if login in grp.getgrnam(group).gr_mem:
                found.append(group)
        except KeyError:
            continue
    return found


def authenticator_class(settings: HubSettings):
    from jupyterhub.auth import PAMAuthenticator

    class CourseAuthenticator(PAMAuthenticator):
        """PAM, with the JupyterHub groups taken from the course's Linux groups."""

        async def authenticate(self, handler, data):
            name = await super().authenticate(handler, data)
            if not name:
                return None
            return {"name": name, "groups": linux_groups(settings, name)}

    return CourseAuthenticator


def default_url(settings: HubSettings):
    """Where each role lands after logging in."""
    groups = settings.groups

    def landing(handler):
        user = handler.current_user
        names = {g.name for g in user.groups} if user is not None else set()
        if groups["pelatih"] in names:
            return f"/services/{settings.course_id}/lab"
        if groups["analis"] in names:
            return f"/services/{DASBOR_SERVICE}/"
        return "/hub/spawn"

    return landing


def services(settings: HubSettings) -> list[dict]:
    return [
        {  # formgrader: the grader's JupyterLab (Nbgrader menu → Formgrader; a terminal for egov-course grade)
            "name": settings.course_id,
            "user": settings.grader,
            "cwd": str(settings.grader_home),
            "command": [settings.bin("jupyterhub-singleuser")],
            "environment": {**grader_env(settings), "JUPYTERHUB_DEFAULT_URL": "/lab"},
            "oauth_no_confirm": True,
        },
        {  # the analysts' dashboard: a small read-only web page of what the grader last published
            "name": DASBOR_SERVICE,
            "user": settings.dasbor_user,
            "cwd": str(settings.dasbor_dir),
            "url": f"http://127.0.0.1:{settings.dasbor_port}",
            "command": [settings.bin("python"), "-m", "egov_course.hub.dasbor", str(settings.dasbor_dir)],
            "oauth_no_confirm": True,
            "display": True,
        },
    ]


def roles(settings: HubSettings) -> list[dict]:
    groups = settings.groups
    formgrader = f"access:services!service={settings.course_id}"
    dasbor = f"access:services!service={DASBOR_SERVICE}"
    return [
        # every user: nothing of their own by default (an analyst has no server); each group adds its part
        {"name": "user", "scopes": ["read:users:name!user"]},
        {"name": "egov-peserta", "description": "Peserta: server sendiri", "scopes": ["self"], "groups": [groups["peserta"]]},
        {"name": "egov-pelatih", "description": "Pelatih: formgrader dan dasbor",
         "scopes": ["self", formgrader, dasbor], "groups": [groups["pelatih"]]},
        {"name": "egov-analis", "description": "Analis: dasbor saja", "scopes": [dasbor], "groups": [groups["analis"]]},
    ]


def configure(c, settings: HubSettings) -> None:
    """Apply the deployment to JupyterHub's config object ``c``."""
    groups = settings.groups
    c.JupyterHub.ip = settings.ip
    c.JupyterHub.port = settings.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = [settings.proxy_command]
    c.ConfigurableHTTPProxy.pid_file = str(settings.state / "jupyterhub-proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{settings.state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(settings.state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(settings.state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True

    c.JupyterHub.authenticator_class = authenticator_class(settings)
    c.Authenticator.manage_groups = True
    c.PAMAuthenticator.allowed_groups = set(groups.values())
    c.PAMAuthenticator.admin_groups = {groups["pelatih"]}
    c.PAMAuthenticator.open_sessions = False
    c.Authenticator.blocked_users = {"root", settings.grader, settings.dasbor_user}
    c.JupyterHub.default_url = default_url(settings)

    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.cmd = [settings.bin("jupyterhub-singleuser")]
    c.Spawner.notebook_dir = "~"
    c.Spawner.default_url = f"/lab/tree/{LESSONS_FOLDER}/README.md"
    c.Spawner.environment = {"PATH": f"{settings.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    c.Spawner.http_timeout = 60
    c.Spawner.start_timeout = 120
    c.Spawner.pre_spawn_hook = lambda spawner: copy_lessons(settings, spawner.user.name)

    c.JupyterHub.services = services(settings)
    c.JupyterHub.load_roles = roles(settings)
