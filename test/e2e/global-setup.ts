/** Builds the sidebar app and the demo desk once for the e2e project (the tests serve and package them). */
import { buildAll } from "../../scripts/app-build";

export default async function setup() {
  await buildAll();
}
