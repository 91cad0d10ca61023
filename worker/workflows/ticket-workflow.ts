import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import type { Env, TicketWorkflowParams } from "../env";

/** Placeholder until drafting and approval land: the durable flow per drafted reply. */
export class TicketWorkflow extends WorkflowEntrypoint<Env, TicketWorkflowParams> {
  override async run(event: WorkflowEvent<TicketWorkflowParams>, step: WorkflowStep): Promise<void> {
    await step.do("noop", async () => event.payload.draftId);
  }
}
