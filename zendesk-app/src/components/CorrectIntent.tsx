/**
 * "Correct intent": pick the right label (the shipped model's labels plus intents this account already uses),
 * save. The Worker stores the correction as training data and re-tags the ticket (intent__<label>).
 */
import { Button } from "@zendeskgarden/react-buttons";
import { Combobox, Field, Option } from "@zendeskgarden/react-dropdowns";
import { Alert } from "@zendeskgarden/react-notifications";
import { useMemo, useState, type InputHTMLAttributes } from "react";
import type { IntentList } from "../../../contract/app-api";
import { ApiError, type WorkerApi } from "../lib/api";
import { errorText } from "../lib/errors";
import type { Translate } from "../lib/i18n";

type ComboboxChange = { type: string; selectionValue?: unknown; inputValue?: string };

export function CorrectIntent({
  api,
  ticketId,
  current,
  intents,
  t,
  onSaved,
}: {
  api: WorkerApi;
  ticketId: number;
  current: string | null;
  intents: IntentList | null;
  t: Translate;
  onSaved: () => void;
}) {
  const [inputValue, setInputValue] = useState("");
  const [selection, setSelection] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ type: "success" | "error" | "warning" | "info"; text: string } | null>(null);

  const options = useMemo(() => {
    const labels = intents?.labels ?? [];
    const query = inputValue.trim().toLowerCase();
    return labels.filter((label) => label !== current && (!query || label.toLowerCase().includes(query) || label === selection));
  }, [intents, inputValue, current, selection]);

  function onChange(change: ComboboxChange) {
    if (change.inputValue !== undefined) setInputValue(change.inputValue);
    if (typeof change.selectionValue === "string") {
      setSelection(change.selectionValue);
      setInputValue(change.selectionValue);
    }
  }

  async function save() {
    if (!selection) return;
    setBusy(true);
    setNotice(null);
    try {
      const result = await api.correct(ticketId, selection);
      if (result.correction === null) setNotice({ type: "info", text: t("ui.correct.unchanged") });
      else if (result.correction.zendeskStatus === "skipped") setNotice({ type: "success", text: t("ui.correct.savedShadow") });
      else setNotice({ type: "success", text: t("ui.correct.saved", { tag: result.tags.added[0] ?? `intent__${selection}` }) });
      // Clear the picker but keep the notice: the refresh that follows must not wipe the agent's confirmation.
      setSelection(null);
      setInputValue("");
      onSaved();
    } catch (failure) {
      const error = failure instanceof ApiError ? failure : new ApiError(0, "error", String(failure));
      setNotice({ type: "error", text: error.code === "zendesk_failed" ? t("ui.correct.savedNotTagged", { message: error.message }) : errorText(t, error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section data-testid="correct-intent">
      <Field>
        <Field.Label>{t("ui.correct.label")}</Field.Label>
        <Combobox
          isAutocomplete
          isCompact
          placeholder={t("ui.correct.placeholder")}
          inputValue={inputValue}
          selectionValue={selection}
          onChange={onChange}
          listboxMaxHeight="180px"
          isDisabled={busy || !intents}
          inputProps={{ "data-testid": "correct-input" } as InputHTMLAttributes<HTMLInputElement>}
        >
          {options.length === 0 ? (
            <Option isDisabled value="" label={t("ui.correct.noMatch")} />
          ) : (
            options.map((label) => <Option key={label} value={label} label={label} />)
          )}
        </Combobox>
      </Field>
      <Button size="small" style={{ marginTop: 8 }} disabled={busy || !selection} onClick={() => void save()} data-testid="correct-save">
        {t("ui.correct.save")}
      </Button>
      {notice && (
        <Alert type={notice.type} style={{ marginTop: 8 }} data-testid="correct-notice">
          <Alert.Paragraph>{notice.text}</Alert.Paragraph>
        </Alert>
      )}
    </section>
  );
}
