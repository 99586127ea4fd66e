/**
 * The next turn of the event loop, after pending messages: the training loop yields with it between slices of a few
 * milliseconds, so that commands are answered. Node's setImmediate where it exists; elsewhere (a browser's Web Worker,
 * the web extension host) a MessageChannel, which gives the same turn without setTimeout's 4 ms clamp.
 */
export interface Turn {
  cancel(): void;
}

type Task = () => void;

/** A browser's MessageChannel, as far as it is used here (this project compiles against Node's types). */
interface BrowserChannel {
  port1: { onmessage: ((e: { data: number }) => void) | null };
  port2: { postMessage(id: number): void };
}

interface ImmediateScope {
  setImmediate?: (task: Task) => unknown;
  clearImmediate?: (handle: unknown) => void;
}

let channelTurn: ((task: Task) => Turn) | null = null;

export function nextTurn(task: Task): Turn {
  const scope = globalThis as ImmediateScope;
  if (scope.setImmediate && scope.clearImmediate) {
    const handle = scope.setImmediate(task);
    const clear = scope.clearImmediate;
    return { cancel: () => clear(handle) };
  }
  channelTurn ??= makeChannelTurn();
  return channelTurn(task);
}

function makeChannelTurn(): (task: Task) => Turn {
  const tasks = new Map<number, Task>();
  let next = 1;
  const channel = new MessageChannel() as unknown as BrowserChannel;
  channel.port1.onmessage = (e) => {
    const task = tasks.get(e.data);
    tasks.delete(e.data);
    task?.();
  };
  return (task) => {
    const id = next++;
    tasks.set(id, task);
    channel.port2.postMessage(id);
    return { cancel: () => tasks.delete(id) };
  };
}
