import type { ArmClient, ArmRequest, ArmResponse } from "../../../../provider/core/arm/armClient";
import { ArmError } from "../../../../provider/core/arm/armError";

/** What a fake route answers: a body (status 200), a full response, or an error to throw. */
export type FakeAnswer = { status?: number; headers?: Record<string, string>; body?: unknown } | Error;

/** An ArmClient whose answers come from `route`, recording every request. */
export interface FakeArmClient extends ArmClient {
    requests: ArmRequest[];
}

/** Builds a fake client; `route` sees each request (path without query) and returns the answer. */
export function fakeArmClient(route: (request: ArmRequest, path: string) => FakeAnswer | undefined): FakeArmClient {
    const requests: ArmRequest[] = [];
    return {
        requests,
        async send<T>(request: ArmRequest): Promise<ArmResponse<T>> {
            requests.push(request);
            const path = request.path.replace(/^https:\/\/[^/]+/, "").replace(/\?.*$/, "");
            const answer = route(request, path);
            if (answer instanceof Error) throw answer;
            if (!answer) throw new ArmError({ operation: request.operation, statusCode: 404, code: "NotFound", message: `no fake route for ${request.method} ${path}` });
            const status = answer.status ?? 200;
            if (status >= 400) throw new ArmError({ operation: request.operation, statusCode: status, code: `Http${status}`, message: `fake ${status}` });
            return { status, headers: answer.headers ?? {}, body: answer.body as T };
        },
    };
}
