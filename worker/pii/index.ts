/** PII redaction with typed, reversible placeholders (see vault.ts) and the checks behind it (checks.ts). */
export { cardPrefixPlausible, ibanValid, luhnValid, ssnValid } from "./checks";
export { findPii, PII_TYPES, type PiiContext, type PiiMatch, type PiiType } from "./detect";
export { PiiVault, PLACEHOLDER, redactText, type RestoreResult } from "./vault";
