/** A failed first load, in either location: what went wrong, and a retry. */
import { Button } from "@zendeskgarden/react-buttons";
import { Alert } from "@zendeskgarden/react-notifications";
import type { ApiError } from "../lib/api";
import { errorText } from "../lib/errors";
import type { Translate } from "../lib/i18n";

export function LoadError({ title, error, t, onRetry }: { title: string; error: ApiError; t: Translate; onRetry: () => void }) {
  return (
    <>
      <Alert type="error" data-testid="error">
        <Alert.Title>{title}</Alert.Title>
        <Alert.Paragraph>{errorText(t, error)}</Alert.Paragraph>
      </Alert>
      <Button size="small" onClick={onRetry}>
        {t("ui.error.retry")}
      </Button>
    </>
  );
}
