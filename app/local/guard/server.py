"""moto's threaded server with the guard in front of its app.

ThreadedMotoServer builds its WSGI app inside its serving thread and offers no way to wrap it, so
this is its `_server_entry` again (moto's app, request handler and werkzeug server, as there) with
one change: the app the server runs is the guard around moto's. The guard needs the port the
server bound (port 0: any free one) for its Host check, so the server is made first and given the
guarded app before it serves.
"""

from __future__ import annotations

from collections.abc import Callable
from wsgiref.types import WSGIApplication

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

GuardFactory = Callable[[WSGIApplication, int], WSGIApplication]  # (moto's app, bound port) -> app


class GuardedMotoServer(ThreadedMotoServer):
    def __init__(self, ip_address: str, guard: GuardFactory) -> None:
        super().__init__(ip_address=ip_address, port=0, verbose=False)
        self._guard = guard

    def _server_entry(self) -> None:
        moto = DomainDispatcherApplication(create_backend_app)
        self._server = make_server(
            self._ip_address, self._port, moto, True, request_handler=MotoRequestHandler
        )
        self._server.app = self._guard(moto, self._server.server_address[1])
        self._server_ready_event.set()
        self._server.serve_forever()
