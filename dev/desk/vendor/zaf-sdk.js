// The demo desk runs offline, so it cannot load Zendesk's CDN copy of the ZAF SDK. It serves this build of the
// npm `zendesk_app_framework_sdk` (the same client and postMessage protocol, an older 2.0.x) in its place; the
// app's own iframe.html, as packaged for Zendesk, keeps the CDN URL.
import ZAFClient from "zendesk_app_framework_sdk";

window.ZAFClient = ZAFClient;
