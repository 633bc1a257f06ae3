#!/usr/bin/env python3
"""Smoke check of the interop routers with Autobahn|Python (installed with Crossbar.io).

Run after scripts/start-router.sh crossbar|nexus, with the Crossbar venv's Python (any other
python3 hands over to it):

    "${WAMPKIT_CACHE:-$HOME/.cache/wampkit}/crossbar-venv/bin/python" scripts/check-routers.py [crossbar] [nexus] [-v]

For every anonymous listener (WebSocket and RawSocket) x serializer (JSON, MessagePack, CBOR):
joins realm1, registers and calls a procedure, subscribes and publishes (with acknowledge and
exclude_me=False), calls wamp.session.count (meta API) and prints the router's announced
features with -v. Once per router: event history (wamp.subscription.get_events) and event
retention (retain / get_retained) behave as EXPECT_STORE says. For every authenticated listener x serializer: ticket, WAMP-CRA, salted
WAMP-CRA and cryptosign joins succeed as the right authid/authrole, a wrong ticket is refused.
Prints one line per case and 'N passed, N failed'; exits non-zero on any failure.
"""
import asyncio
import os
import sys
from urllib.parse import urlparse

try:
    import autobahn  # noqa: F401
except ImportError:  # run by another Python: hand over to the Crossbar venv's, which has Autobahn
    venv = os.path.join(os.environ.get("WAMPKIT_CACHE", os.path.expanduser("~/.cache/wampkit")), "crossbar-venv")
    venv_python = os.path.join(venv, "bin", "python")
    if os.path.exists(venv_python) and os.path.realpath(sys.prefix) != os.path.realpath(venv):
        os.execv(venv_python, [venv_python, *sys.argv])
    sys.exit("check-routers.py needs Autobahn|Python: run scripts/install-crossbar.sh first")

from autobahn.asyncio.rawsocket import WampRawSocketClientFactory
from autobahn.asyncio.wamp import ApplicationSession
from autobahn.asyncio.websocket import WampWebSocketClientFactory
from autobahn.wamp import auth as wamp_auth
from autobahn.wamp.cryptosign import CryptosignKey
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.serializer import CBORSerializer, JsonSerializer, MsgPackSerializer
from autobahn.wamp.types import ComponentConfig, PublishOptions, SubscribeOptions

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REALM = "realm1"
TIMEOUT = 10.0
SERIALIZERS = {"json": JsonSerializer, "msgpack": MsgPackSerializer, "cbor": CBORSerializer}

ROUTERS = {
    "crossbar": {
        "anonymous": ["ws://127.0.0.1:18080/ws", "rs://127.0.0.1:18081"],
        "auth": ["ws://127.0.0.1:18082/ws"],
    },
    "nexus": {
        "anonymous": ["ws://127.0.0.1:18180/ws", "rs://127.0.0.1:18181"],
        "auth": ["ws://127.0.0.1:18182/ws"],
    },
}

with open(os.path.join(ROOT, "test/routers/keys/cryptouser.seed.hex")) as f:
    CRYPTO_KEY = CryptosignKey.from_bytes(bytes.fromhex(f.read().strip()))

# name -> (join kwargs, challenge responder or None, expect success)
AUTH_CASES = {
    "ticket": (dict(authmethods=["ticket"], authid="ticketuser"), lambda c: "ticket-secret", True),
    "ticket-wrong": (dict(authmethods=["ticket"], authid="ticketuser"), lambda c: "nope", False),
    "wampcra": (
        dict(authmethods=["wampcra"], authid="crauser"),
        lambda c: wamp_auth.compute_wcs("cra-secret", c.extra["challenge"]),
        True,
    ),
    "wampcra-salted": (
        dict(authmethods=["wampcra"], authid="crasalted"),
        lambda c: wamp_auth.compute_wcs(
            wamp_auth.derive_key(
                "cra-secret", c.extra["salt"], c.extra.get("iterations", 1000), c.extra.get("keylen", 32)
            ),
            c.extra["challenge"],
        ),
        True,
    ),
    "cryptosign": (
        dict(authmethods=["cryptosign"], authid="cryptouser", authextra={"pubkey": CRYPTO_KEY.public_key()}),
        lambda c: CRYPTO_KEY.sign_challenge(c),
        True,
    ),
}


class Probe(ApplicationSession):
    """Joins with the join kwargs in config.extra, runs config.extra['body'], resolves 'done'."""

    def onConnect(self):
        self.join(self.config.realm, **self.config.extra["join"])

    def onChallenge(self, challenge):
        return self.config.extra["respond"](challenge)

    async def onJoin(self, details):
        done = self.config.extra["done"]
        try:
            result = await self.config.extra["body"](self, details)
            if not done.done():
                done.set_result(result)
        except Exception as e:  # noqa: BLE001 - reported as the case's failure
            if not done.done():
                done.set_exception(e)
        self.leave()

    def onLeave(self, details):
        done = self.config.extra["done"]
        if not done.done():
            done.set_exception(RuntimeError(f"left before joining: {details.reason} {details.message or ''}"))
        self.disconnect()

    def onDisconnect(self):
        done = self.config.extra["done"]
        if not done.done():
            done.set_exception(RuntimeError("transport closed before the session joined"))


async def run_session(url, serializer, join, respond, body):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    cfg = ComponentConfig(realm=REALM, extra={"join": join, "respond": respond, "body": body, "done": done})
    u = urlparse(url)
    ser = SERIALIZERS[serializer]()
    if u.scheme == "ws":
        factory = WampWebSocketClientFactory(lambda: Probe(cfg), url=url, serializers=[ser])
    else:
        factory = WampRawSocketClientFactory(lambda: Probe(cfg), serializer=ser)
    transport, _ = await asyncio.wait_for(loop.create_connection(factory, u.hostname, u.port), TIMEOUT)
    try:
        return await asyncio.wait_for(done, TIMEOUT)
    finally:
        transport.close()


async def rpc_pubsub(session, details):
    tag = f"{session.session_id}"
    proc, topic = f"wampkit.check.add.{tag}", f"wampkit.check.topic.{tag}"
    await session.register(lambda a, b: a + b, proc)
    if await session.call(proc, 2, 3) != 5:
        raise AssertionError("call returned the wrong result")
    got = asyncio.get_running_loop().create_future()
    await session.subscribe(lambda *a, **kw: got.done() or got.set_result((a, kw)), topic, SubscribeOptions())
    await session.publish(topic, "hello", n=1, options=PublishOptions(acknowledge=True, exclude_me=False))
    if await asyncio.wait_for(got, TIMEOUT) != (("hello",), {"n": 1}):
        raise AssertionError("event payload differs")
    count = await session.call("wamp.session.count")
    return f"session {session.session_id}, {count} session(s) on realm"


# What each router is expected to do with event history (wamp.subscription.get_events on the
# prefix subscription "wampkit.history") and event retention (PUBLISH.retain, SUBSCRIBE.get_retained).
# Nexus v3.3.0 has no retention; its history is configured in nexus.json. Crossbar's history needs a
# realm "store", which 26.10.1 makes log INTERNAL WARNINGs on every event delivery, so it is off.
EXPECT_STORE = {"crossbar": {"history": False, "retention": True}, "nexus": {"history": True, "retention": False}}


async def history_and_retention(session, details):
    tag = f"{session.session_id}"
    loop = asyncio.get_running_loop()
    # Event history: the router keeps events published under the configured prefix.
    await session.publish(f"wampkit.history.check.{tag}", "past", options=PublishOptions(acknowledge=True))
    sub_id = await session.call("wamp.subscription.lookup", "wampkit.history", {"match": "prefix"})
    try:
        res = await session.call("wamp.subscription.get_events", sub_id, 10) if sub_id else None
    except ApplicationError:  # wamp.error.history_unavailable, ...
        res = None
    history = "'past'" in repr(getattr(res, "results", res)) + repr(getattr(res, "kwresults", None))
    # Event retention: a late subscriber with get_retained gets the last retained event.
    topic = f"wampkit.check.retained.{tag}"
    await session.publish(topic, "kept", options=PublishOptions(acknowledge=True, retain=True))
    got = loop.create_future()
    await session.subscribe(lambda *a, **kw: got.done() or got.set_result(a), topic, SubscribeOptions(get_retained=True))
    try:
        retention = await asyncio.wait_for(got, 1.0) == ("kept",)
    except asyncio.TimeoutError:
        retention = False
    return {"history": history, "retention": retention}


def features(session):
    rr = getattr(session, "_router_roles", {}) or {}
    out = {}
    for name, role in rr.items():
        feats = getattr(role, "__dict__", {})
        out[name] = sorted(k for k, v in feats.items() if v is True)
    return out


async def main(argv):
    verbose = "-v" in argv
    names = [a for a in argv if not a.startswith("-")] or list(ROUTERS)
    passed = failed = 0

    def report(ok, label, info):
        nonlocal passed, failed
        passed, failed = passed + ok, failed + (not ok)
        print(f"{'ok  ' if ok else 'FAIL'} {label}: {info}", flush=True)

    for name in names:
        r = ROUTERS[name]
        for url in r["anonymous"]:
            for ser in SERIALIZERS:
                label = f"{name} {url} {ser} anonymous"
                shown = {}

                async def body(s, d, shown=shown):
                    shown.update(features(s))
                    return await rpc_pubsub(s, d)

                try:
                    info = await run_session(url, ser, {}, None, body)
                    report(True, label, info)
                    if verbose and shown:
                        for role, feats in shown.items():
                            print(f"     {role}: {', '.join(feats)}")
                except Exception as e:  # noqa: BLE001
                    report(False, label, repr(e))
        label = f"{name} {r['anonymous'][0]} json event history/retention"
        try:
            got = await run_session(r["anonymous"][0], "json", {}, None, history_and_retention)
            report(got == EXPECT_STORE[name], label, f"{got} (expected {EXPECT_STORE[name]})")
        except Exception as e:  # noqa: BLE001
            report(False, label, repr(e))
        for url in r["auth"]:
            for ser in SERIALIZERS:
                for case, (join, respond, expect) in AUTH_CASES.items():
                    label = f"{name} {url} {ser} {case}"

                    async def who(s, d):
                        return f"authid={d.authid} authrole={d.authrole} authmethod={d.authmethod}"

                    try:
                        info = await run_session(url, ser, join, respond, who)
                        report(expect, label, info if expect else f"joined but should be refused ({info})")
                    except Exception as e:  # noqa: BLE001
                        report(not expect, label, f"refused: {e}" if not expect else repr(e))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
