// Helpers shared by the tours of the suite's addons.
import { rpcBus } from "@web/core/network/rpc";

// Requests sent by the web client and not answered yet. The test server
// rejects a request that arrives while a PDF is being rendered (the letter, on
// sending), so the tour clicks "Send" only once the form and its chatter have
// finished loading, as a user who reads the reminder before sending it would.
const pendingRpcs = new Set();
rpcBus.addEventListener("RPC:REQUEST", ({ detail }) => pendingRpcs.add(detail.data.id));
rpcBus.addEventListener("RPC:RESPONSE", ({ detail }) => pendingRpcs.delete(detail.data.id));

export async function waitForIdleNetwork(quietMs = 500, timeoutMs = 20000) {
    const start = Date.now();
    let idleSince = null;
    while (Date.now() - start < timeoutMs) {
        if (pendingRpcs.size) {
            idleSince = null;
        } else {
            idleSince ??= Date.now();
            if (Date.now() - idleSince >= quietMs) {
                return;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`requests still pending after ${timeoutMs} ms`);
}
