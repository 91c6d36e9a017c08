import * as assert from "node:assert/strict";
import * as net from "node:net";
import * as grpc from "@grpc/grpc-js";

// The cause behind issue 13, shown with grpc-js alone: a client whose server went away leaves its
// subchannel failing in the process-wide pool; a new client to the same address (an engine that
// got the same ephemeral port) is handed that subchannel and fails at once. With a subchannel pool
// of its own (what isolateEngineChannels sets for the SDK's clients), the new client connects.

const ping = {
    path: "/stress.Ping/Ping",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (value: Buffer) => value,
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (value: Buffer) => value,
};
const PingClient = grpc.makeGenericClientConstructor({ ping }, "Ping");
type Ping = InstanceType<typeof PingClient> & { ping(request: Buffer, callback: (error: grpc.ServiceError | null) => void): void };

async function freePort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

function call(client: Ping): Promise<grpc.ServiceError | null> {
    return new Promise((resolve) => client.ping(Buffer.from("x"), (error) => resolve(error)));
}

async function startServer(port: number): Promise<grpc.Server> {
    const server = new grpc.Server();
    server.addService({ ping }, { ping: (_call: unknown, callback: (error: null, value: Buffer) => void) => callback(null, Buffer.from("pong")) });
    await new Promise<void>((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())));
    return server;
}

/** A client left open after its server is gone, then a server on the same port and a new client there. */
async function reuseAddress(options: Record<string, unknown>): Promise<grpc.ServiceError | null> {
    const port = await freePort();
    const leaked = new PingClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options) as Ping;
    const refused = await call(leaked);
    assert.equal(refused?.code, grpc.status.UNAVAILABLE, "nothing listens yet");
    const server = await startServer(port);
    try {
        const fresh = new PingClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options) as Ping;
        const error = await call(fresh);
        fresh.close();
        return error;
    } finally {
        leaked.close();
        server.forceShutdown();
    }
}

// The SDK's own options, and a long first backoff so that a loaded machine cannot outwait it.
const sdkLike = { "grpc.max_receive_message_length": 400 * 1024 * 1024, "grpc.initial_reconnect_backoff_ms": 10_000 };

describe("gRPC clients of successive engine runs (issue 13)", () => {
    it("a new client to a reused address fails at once when it shares the pool with a failed one", async () => {
        const error = await reuseAddress(sdkLike);
        assert.equal(error?.code, grpc.status.UNAVAILABLE);
        assert.match(error!.details, /No connection established/);
    });

    it("with a subchannel pool of its own it connects", async () => {
        const error = await reuseAddress({ ...sdkLike, "grpc.use_local_subchannel_pool": 1 });
        assert.equal(error, null);
    });
});
