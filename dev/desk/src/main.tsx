/** The local demo desk: a stand-in for the Zendesk agent desk that hosts the real sidebar app. */
import { DEFAULT_THEME, ThemeProvider } from "@zendeskgarden/react-theming";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Desk } from "./Desk";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ThemeProvider theme={DEFAULT_THEME}>
      <Desk />
    </ThemeProvider>
  </StrictMode>,
);
