/** The quick pick of a loaded direction, for the commands that act on one (scan, view, explain, test). */
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import * as proto from "./protocol";

/** Asks for one of the loaded directions (the active one marked); its id, or undefined when dismissed. */
export async function pickDirection(ctx: Ctx, title: string): Promise<string | undefined> {
    const list = await ctx.request(proto.listDirections, {});
    if (!list.directions.length) throw new Error("no direction is loaded: load or train one first");
    const pick = await vscode.window.showQuickPick(
        list.directions.map((d) => ({
            label: `${d.id === list.active ? "$(check) " : ""}${d.name}`,
            description: `${d.kind} · ${d.hook}`,
            id: d.id,
        })),
        { title },
    );
    return pick?.id;
}
