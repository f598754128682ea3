/**
 * Everything that can be checked before the server starts (as rust-analyzer's bootstrap): which server to run,
 * that a .NET runtime is there, and that it is new enough for the server's `*.runtimeconfig.json`. Returns the
 * launch, or a message saying what is missing.
 */
import * as childProcess from "child_process";
import * as fs from "fs";
import * as path from "path";
import { checkRuntimes, findDotnet, findServer, launchFor, requiredFramework, type Launch } from "./server";

export interface PreflightInput {
    /** `interp.server.path` (as read for the workspace's trust). */
    serverPath: string;
    extensionPath: string;
    workspaceFolder: string | undefined;
    env: NodeJS.ProcessEnv;
}

export function preflight(input: PreflightInput): Launch | string {
    const found = findServer({
        configuredPath: input.serverPath,
        extensionPath: input.extensionPath,
        workspaceFolder: input.workspaceFolder,
    });
    if (!found.ok) return found.message;
    const location = found.value;
    if (!location.isDll) return launchFor(location, undefined);
    const dotnet = findDotnet(input.env);
    if (!dotnet.ok) return dotnet.message;
    const rc = path.join(path.dirname(location.path), path.basename(location.path, ".dll") + ".runtimeconfig.json");
    const required = fs.existsSync(rc) ? requiredFramework(fs.readFileSync(rc, "utf8")) : undefined;
    if (required) {
        const r = childProcess.spawnSync(dotnet.value, ["--list-runtimes"], { encoding: "utf8", timeout: 15_000 });
        if (r.error || r.status !== 0) return `${dotnet.value} --list-runtimes failed: ${r.error?.message ?? r.stderr.trim()}`;
        const problem = checkRuntimes(r.stdout, required);
        if (problem) return `${problem} (${dotnet.value})`;
    }
    return launchFor(location, dotnet.value);
}
