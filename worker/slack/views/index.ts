/** Pure Block Kit builders for the Slack side of the copilot (no I/O). */
export * from "./approval";
export * from "./blocks";
export * from "./escalation";
export * from "./ids";
export * from "./modals";
export * from "./notices";
export * from "./outcome";
