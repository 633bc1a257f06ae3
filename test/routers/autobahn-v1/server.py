# A WAMP v1 server for wampkit's interop suite: Autobahn|Python 0.8.15's `autobahn.wamp1`
# (Python 2.7, Twisted), started by scripts/start-router.sh autobahn-v1 on 127.0.0.1:<port>.
#   RPC (base http://wampkit.test/rpc#): add(a, b), echo(*args), fail(uri, desc[, details]),
#   and a CURIE check: curie() returns the URI the server resolves "rpc:add" to.
#   PubSub: every topic under http://wampkit.test/topic# (prefix match).
import sys

from twisted.internet import reactor
from twisted.python import log

from autobahn.twisted.websocket import listenWS
from autobahn.wamp1.protocol import WampServerFactory, WampServerProtocol, exportRpc

RPC_BASE = "http://wampkit.test/rpc#"
TOPIC_BASE = "http://wampkit.test/topic#"


class Api(object):
    def __init__(self, proto):
        self.proto = proto

    @exportRpc("add")
    def add(self, a, b):
        return a + b

    @exportRpc("echo")
    def echo(self, *args):
        return list(args)

    @exportRpc("fail")
    def fail(self, uri, desc, details=None):
        if details is None:
            raise Exception(uri, desc)
        raise Exception(uri, desc, details)

    @exportRpc("curie")
    def curie(self, curie):
        return self.proto.prefixes.resolveOrPass(curie)

    @exportRpc("session")
    def session(self):
        return self.proto.session_id


class Protocol(WampServerProtocol):
    def onSessionOpen(self):
        self.api = Api(self)
        self.registerForRpc(self.api, RPC_BASE)
        self.registerForPubSub(TOPIC_BASE, True)


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 18280
    if "-v" in sys.argv:
        log.startLogging(sys.stdout)
    factory = WampServerFactory("ws://127.0.0.1:%d" % port, debugWamp="-v" in sys.argv)
    factory.protocol = Protocol
    listenWS(factory, interface="127.0.0.1")
    reactor.run()
