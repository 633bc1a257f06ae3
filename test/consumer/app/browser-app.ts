// A browser app that connects and calls with JSON: what the bundle budget measures.
import { connect } from 'wampkit';

const session = await connect({ url: 'ws://127.0.0.1:8080/ws', realm: 'realm1', serializers: ['json'] });
const { args } = await session.call('com.example.add', [2, 3]);
document.body.textContent = String(args[0]);
await session.close();
