/**
 * Describes an xstate machine as plain, stable JSON (states, transitions, entry/exit actions,
 * delays, invoked actors) and as a Mermaid state diagram.
 * @internal
 * @module
 */
import type { AnyStateMachine } from 'xstate';

/** One transition of the description. */
export interface TransitionDescription {
  readonly event: string;
  readonly target: string | null;
  readonly guard?: string;
  readonly actions: string[];
}

/** One state of the description. */
export interface StateDescription {
  readonly id: string;
  readonly initial?: string;
  readonly final?: boolean;
  readonly entry: string[];
  readonly exit: string[];
  readonly invoke: string[];
  readonly transitions: TransitionDescription[];
  readonly states: StateDescription[];
}

interface NodeLike {
  id: string;
  key: string;
  type: string;
  initial?: { target?: Array<{ key: string }> };
  states: Record<string, NodeLike>;
  entry: unknown[];
  exit: unknown[];
  invoke: Array<{ src: unknown }>;
  transitions: Map<string, Array<{ target?: Array<{ id: string }>; guard?: unknown; actions: unknown[]; eventType: string }>>;
}

const actionName = (a: unknown): string =>
  typeof a === 'string' ? a : typeof a === 'object' && a !== null && 'type' in a ? String((a as { type: unknown }).type) : 'inline';

const guardName = (g: unknown): string | undefined =>
  g === undefined ? undefined : typeof g === 'string' ? g : typeof g === 'object' && g !== null && 'type' in g ? String((g as { type: unknown }).type) : 'inline';

const shortId = (id: string): string => id.replace(/^session\./, '');

function describeNode(node: NodeLike): StateDescription {
  const transitions: TransitionDescription[] = [];
  for (const [event, list] of node.transitions) {
    for (const t of list) {
      const guard = guardName(t.guard);
      transitions.push({
        event: event.startsWith('xstate.after.') ? `after ${event.split('.')[2]}` : event,
        target: t.target && t.target.length > 0 ? shortId(t.target[0]!.id) : null,
        ...(guard ? { guard } : {}),
        actions: t.actions.map(actionName),
      });
    }
  }
  const children = Object.values(node.states).map(describeNode);
  const initial = node.initial?.target?.[0]?.key;
  return {
    id: shortId(node.id),
    ...(initial ? { initial } : {}),
    ...(node.type === 'final' ? { final: true } : {}),
    entry: node.entry.map(actionName),
    exit: node.exit.map(actionName),
    invoke: node.invoke.map((i) => (typeof i.src === 'string' ? i.src : 'inline')),
    transitions,
    states: children,
  };
}

/** The machine as plain JSON. */
export function describeMachine(machine: AnyStateMachine): StateDescription {
  return describeNode(machine.root as unknown as NodeLike);
}

const mid = (id: string): string => id.replace(/\./g, '_');

/** The description as a Mermaid `stateDiagram-v2`. */
export function toMermaid(root: StateDescription): string {
  const lines = ['stateDiagram-v2'];
  const emit = (s: StateDescription, indent: string, isRoot: boolean): void => {
    if (s.initial) lines.push(`${indent}[*] --> ${mid(isRoot ? s.initial : `${s.id}.${s.initial}`)}`);
    for (const c of s.states) {
      if (c.states.length > 0) {
        lines.push(`${indent}state ${mid(c.id)} {`);
        emit(c, indent + '  ', false);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}state "${c.id.split('.').pop()}" as ${mid(c.id)}`);
      }
      if (c.invoke.length > 0) lines.push(`${indent}note right of ${mid(c.id)}: invokes ${c.invoke.join(', ')}`);
    }
  };
  emit(root, '  ', true);
  const walk = (s: StateDescription): void => {
    for (const t of s.transitions) {
      if (!t.target) continue;
      const label = [t.event, t.guard ? `[${t.guard}]` : '', t.actions.length ? `/ ${t.actions.join(', ')}` : '']
        .filter(Boolean)
        .join(' ');
      lines.push(`  ${mid(s.id)} --> ${mid(t.target)}: ${label}`);
    }
    s.states.forEach(walk);
  };
  root.states.forEach(walk);
  return lines.join('\n') + '\n';
}
