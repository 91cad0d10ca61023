/** The agent-facing ticket URL (https://{subdomain}.zendesk.com/agent/tickets/{id}), also for accounts on the fake. */
export function zendeskTicketUrl(account: { id: string; apiBaseUrl: string }, ticketId: number): string {
  const agentHost = account.apiBaseUrl.includes(".zendesk.com") ? account.apiBaseUrl : `https://${account.id}.zendesk.com`;
  return `${agentHost.replace(/\/$/, "")}/agent/tickets/${ticketId}`;
}
