// Command nexus-auth runs a Nexus router (github.com/gammazero/nexus/v3, as a library) on
// loopback with the interop suite's test principals, which nexusd's JSON configuration cannot
// express: ticket, WAMP-CRA (plain and salted) and WAMP-Cryptosign. See ../../README.md.
package main

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/gammazero/nexus/v3/router"
	"github.com/gammazero/nexus/v3/router/auth"
)

type principal struct {
	method string
	key    []byte
	salt   string
}

// keyStore is a static auth.KeyStore over the test principals.
type keyStore map[string]principal

func (ks keyStore) AuthKey(authid, authmethod string) ([]byte, error) {
	p, ok := ks[authid]
	if !ok || p.method != authmethod {
		return nil, errors.New("no such principal")
	}
	return p.key, nil
}

func (ks keyStore) PasswordInfo(authid string) (string, int, int) {
	if p, ok := ks[authid]; ok && p.salt != "" {
		return p.salt, 32, 1000
	}
	return "", 0, 0
}

func (ks keyStore) AuthRole(authid string) (string, error) {
	if _, ok := ks[authid]; !ok {
		return "", errors.New("no such principal")
	}
	return "user", nil
}

func (ks keyStore) Provider() string { return "static" }

func main() {
	addr := flag.String("ws", "127.0.0.1:18182", "websocket address:port to listen on")
	pubkeyFile := flag.String("pubkey", "", "file with the hex Ed25519 public key of cryptouser")
	flag.Parse()
	logger := log.New(os.Stdout, "", log.LstdFlags)

	pubHex, err := os.ReadFile(*pubkeyFile)
	if err != nil {
		logger.Fatal(err)
	}
	pub, err := hex.DecodeString(strings.TrimSpace(string(pubHex)))
	if err != nil || len(pub) != 32 {
		logger.Fatal("bad public key in ", *pubkeyFile)
	}
	// A salted WAMP-CRA key is the base64 of PBKDF2-HMAC-SHA256(secret, salt, 1000, 32).
	derived, err := pbkdf2.Key(sha256.New, "cra-secret", []byte("salt123"), 1000, 32)
	if err != nil {
		logger.Fatal(err)
	}
	ks := keyStore{
		"ticketuser": {method: "ticket", key: []byte("ticket-secret")},
		"crauser":    {method: "wampcra", key: []byte("cra-secret")},
		"crasalted":  {method: "wampcra", key: []byte(base64.StdEncoding.EncodeToString(derived)), salt: "salt123"},
		"cryptouser": {method: "cryptosign", key: pub},
	}
	timeout := 5 * time.Second
	config := &router.Config{
		RealmConfigs: []*router.RealmConfig{{
			URI:           "realm1",
			AllowDisclose: true,
			Authenticators: []auth.Authenticator{
				auth.NewTicketAuthenticator(ks, timeout),
				auth.NewCRAuthenticator(ks, timeout),
				auth.NewCryptoSignAuthenticator(ks, timeout),
			},
		}},
	}
	r, err := router.NewRouter(config, logger)
	if err != nil {
		logger.Fatal(err)
	}
	defer r.Close()
	closer, err := router.NewWebsocketServer(r).ListenAndServe(*addr)
	if err != nil {
		logger.Fatal(err)
	}
	defer closer.Close()
	logger.Printf("nexus-auth listening on ws://%s/", *addr)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
