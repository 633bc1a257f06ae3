/**
 * Test certificates, made at test time with the system `openssl` (never a checked-in key): a CA,
 * a server certificate it signed for 127.0.0.1 and localhost, and a second, unrelated CA for
 * "wrong CA" cases. Everything lives in a temporary folder that `dispose()` removes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM texts of a test PKI. */
export interface TestPki {
  /** The CA that signed the server certificate. */
  readonly ca: string;
  /** A CA that signed nothing here: trusting only it must refuse the server. */
  readonly otherCa: string;
  /** The server's certificate (CN localhost, SAN IP:127.0.0.1, DNS:localhost). */
  readonly cert: string;
  /** The server's private key. */
  readonly key: string;
  /** Removes the files. */
  dispose(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** Makes a CA, a server certificate for 127.0.0.1/localhost, and another CA. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'wampkit-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const name of ['ca', 'other-ca']) {
    openssl(dir, ['req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=wampkit test ${name}`]);
  }
  openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'ext.cnf']);
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  return {
    ca: read('ca.crt'),
    otherCa: read('other-ca.crt'),
    cert: read('server.crt'),
    key: read('server.key'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
