// What Debian's jupyter-server 1.23 lacks and JupyterLab 4's services ask for, bridged in the
// page. Both endpoints arrived with jupyter-server 2.0; against 1.23 they answer 404:
// - GET /api/me (the user's identity, for collaboration awareness): UserManager would log a
//   404 and never become ready. Here the identity comes from a client that answers what
//   jupyter-server 2 answers for a token-authenticated user without an identity provider
//   (an anonymous identity and no permissions), without asking the server.
// - the /api/events/subscribe websocket (server-side events): EventManager would log a failed
//   websocket handshake and retry for ever. Here the event stream simply never emits, which is
//   what a 2.x server does when no event is published; nothing in a notebook page emits one.
// Every other request (contents, sessions, kernels, kernel specs, the kernel websocket) goes to
// the server unchanged.
import { ServerConnection, UserManager, type Event, type User } from "@jupyterlab/services";
import { Stream } from "@lumino/signaling";

const anonymous: User.IUser = {
  identity: {
    username: "anonymous",
    name: "Anonymous",
    display_name: "Anonymous",
    initials: "A",
    color: "var(--jp-collaborator-color1)",
  },
  permissions: {},
};

class LocalUserClient implements User.IUserAPIClient {
  readonly serverSettings = ServerConnection.makeSettings();
  async get(): Promise<User.IUser> {
    return anonymous;
  }
}

class SilentEventManager implements Event.IManager {
  readonly serverSettings = ServerConnection.makeSettings();
  readonly stream: Event.Stream = new Stream(this);
  private disposed = false;
  get isDisposed(): boolean {
    return this.disposed;
  }
  dispose(): void {
    this.disposed = true;
  }
  async emit(event: Event.Request): Promise<void> {
    throw new Error(`jupyter-server 1.23 has no event bus (event ${event.schema_id})`);
  }
}

/** The managers to hand ServiceManager for a jupyter-server 1.x. */
export function managersForServer1(): { user: User.IManager; events: Event.IManager } {
  return {
    user: new UserManager({ userApiClient: new LocalUserClient() }),
    events: new SilentEventManager(),
  };
}
