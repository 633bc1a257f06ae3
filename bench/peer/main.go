// Command bench-peer is the fixed, neutral other side of wampkit's benchmark (bench/run.mjs): a
// Go WAMP client on the nexus client library, so that only the measured JavaScript client changes
// between runs. Against a router it registers
//
//	bench.echo     returns its arguments (the callee of every measured call)
//	bench.publish  kwargs {topic, count, window}: publishes count events to topic, window
//	               acknowledged publishes in flight at a time, then returns the count
//
// With -echo ADDR it is instead a bare WebSocket echo server (the 1-hop floor, no router); it
// prints "ready ws://HOST:PORT/" once listening (ADDR may use port 0).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/gammazero/nexus/v3/client"
	"github.com/gammazero/nexus/v3/transport/serialize"
	"github.com/gammazero/nexus/v3/wamp"
	"github.com/gorilla/websocket"
)

func main() {
	url := flag.String("url", "ws://127.0.0.1:18180/ws", "router WebSocket URL")
	realm := flag.String("realm", "realm1", "realm")
	ser := flag.String("serializer", "json", "json | msgpack | cbor")
	echo := flag.String("echo", "", "serve a WebSocket echo on this address instead (host:port)")
	flag.Parse()
	if *echo != "" {
		serveEcho(*echo)
		return
	}
	serializations := map[string]serialize.Serialization{"json": serialize.JSON, "msgpack": serialize.MSGPACK, "cbor": serialize.CBOR}
	s, ok := serializations[*ser]
	if !ok {
		log.Fatalf("unknown serializer %q", *ser)
	}
	cfg := client.Config{Realm: *realm, Serialization: s}
	c, err := client.ConnectNet(context.Background(), *url, cfg)
	if err != nil {
		log.Fatalf("connect: %v", err)
	}
	defer c.Close()
	err = c.Register("bench.echo", func(_ context.Context, inv *wamp.Invocation) client.InvokeResult {
		return client.InvokeResult{Args: inv.Arguments, Kwargs: inv.ArgumentsKw}
	}, nil)
	if err != nil {
		log.Fatalf("register bench.echo: %v", err)
	}
	err = c.Register("bench.publish", func(_ context.Context, inv *wamp.Invocation) client.InvokeResult {
		topic, _ := wamp.AsString(inv.ArgumentsKw["topic"])
		count, _ := wamp.AsInt64(inv.ArgumentsKw["count"])
		window, _ := wamp.AsInt64(inv.ArgumentsKw["window"])
		if window < 1 {
			window = 1
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		failed := 0
		next := int64(0)
		for w := int64(0); w < window; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					mu.Lock()
					if next >= count {
						mu.Unlock()
						return
					}
					next++
					mu.Unlock()
					args := wamp.List{21.5, "C", wamp.Dict{"room": "kitchen"}}
					if err := c.Publish(topic, wamp.Dict{"acknowledge": true}, args, nil); err != nil {
						mu.Lock()
						failed++
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		return client.InvokeResult{Args: wamp.List{count, failed}}
	}, nil)
	if err != nil {
		log.Fatalf("register bench.publish: %v", err)
	}
	fmt.Println("ready")
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-sig:
	case <-c.Done():
		log.Fatal("router closed the session")
	}
}

func serveEcho(addr string) {
	up := websocket.Upgrader{Subprotocols: []string{"wamp.2.json", "wamp.2.msgpack", "wamp.2.cbor"}, CheckOrigin: func(*http.Request) bool { return true }}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		for {
			t, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			if err := conn.WriteMessage(t, data); err != nil {
				return
			}
		}
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatalf("echo: %v", err)
	}
	fmt.Printf("ready ws://%s/\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}
