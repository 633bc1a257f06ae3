// Type-checked against the installed package with skipLibCheck: false, once with
// moduleResolution "bundler" and once with "node16".
import { connect, WampError, type CallResult, type Session, type SessionStatus } from 'wampkit';
import { MessageType, type WampMessage } from 'wampkit/protocol';
import { rawSocketConnector } from 'wampkit/rawsocket';
import { Router, type RouterOptions } from 'wampkit/router';

const options: RouterOptions = { realms: ['realm1'] };
const router = new Router(options);
const session: Session = await connect({ transport: router.connector(), realm: 'realm1' });
const result: CallResult = await session.call('com.example.add', [1, 2]);
const n: unknown = result.args[0];
const status: SessionStatus = session.status;
const msg: WampMessage | undefined = undefined;
const connector = rawSocketConnector({ url: 'tcp://127.0.0.1:8081' });
export { n, status, msg, connector, WampError, MessageType };
