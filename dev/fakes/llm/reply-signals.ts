/**
 * What the customer says about their situation, read from their own words: what their tracking shows ("label
 * created", "has not arrived"), whether the item arrived damaged, and whether they threaten legal action, a
 * chargeback or to cancel. The reply uses these so it never contradicts the customer and hands threats to a person.
 * Patterns cover English plus a few German, Spanish, French, Portuguese, Dutch and Italian phrasings.
 */

export interface CustomerSignals {
  /** The tracking shows only that a label was created ("label created", "no movement"). */
  labelCreated: boolean;
  /** The customer believes the order has not shipped. */
  notShipped: boolean;
  /** The parcel has not reached the customer ("has not arrived", "never received"). */
  notArrived: boolean;
  /** The customer has the item and it is damaged or broken. */
  damaged: boolean;
  /** Legal action, a chargeback or cancelling as a threat; null when none. */
  threat: "legal" | "chargeback" | "cancellation" | null;
}

const LABEL_CREATED = [
  /\blabel (?:was |has been |is )?(?:created|printed)\b/i,
  /\b(?:no|zero) (?:movement|scans?|updates?)\b/i,
  /\btracking (?:has ?n[o']t|hasn't|is ?n[o']t|did ?n[o']t|does ?n[o']t|never) (?:updated|changed|moved)\b/i,
  /\bhas ?n[o']t moved\b|\bhasn't moved\b|\bnot moved\b/i,
  /\betikett (?:wurde )?erstellt\b|\bsendungsdaten übermittelt\b/i,
  /\betiqueta creada\b|\bétiquette créée\b|\betiqueta criada\b|\blabel aangemaakt\b|\betichetta creata\b/i,
];
const NOT_SHIPPED = [
  /\b(?:not|never) (?:been )?(?:shipped|dispatched|sent)\b/i,
  /\b(?:has|have|was|is) ?n[o']t (?:been )?(?:shipped|dispatched|sent)\b/i,
  /\b(?:hasn't|haven't|wasn't|isn't) (?:been )?(?:shipped|dispatched|sent)\b/i,
  /\bstill (?:not|hasn't|has not) (?:shipped|been shipped|dispatched)\b/i,
  /\bnicht versandt\b|\bno (?:se )?ha (?:sido )?enviado\b|\bpas (?:encore )?(?:été )?expédiée?\b|\bnão foi enviado\b|\bniet verzonden\b|\bnon (?:è )?(?:ancora )?(?:stato )?spedito\b/i,
];
const NOT_ARRIVED = [
  /\b(?:has|have|did|does|is) ?n[o']t (?:yet )?(?:arrived|arrive|come|shown up|turned up|been delivered|received|got|gotten)\b/i,
  /\b(?:hasn't|haven't|didn't|doesn't|isn't) (?:yet )?(?:arrived|arrive|come|shown up|turned up|been delivered|received|got|gotten)\b/i,
  /\bnever (?:arrived|came|got|received|showed up|turned up|been delivered)\b/i,
  /\bnot (?:yet )?(?:arrived|received|delivered)\b|\bstill (?:not|hasn't|has not) (?:arrived|here|come)\b|\bstill waiting\b/i,
  /\bnot (?:here|there) yet\b|\bwhere is (?:my|the) (?:order|parcel|package|delivery)\b/i,
  /\bnicht (?:angekommen|erhalten|geliefert|zugestellt)\b|\bnoch nicht da\b/i,
  /\bno (?:me )?ha llegado\b|\bno (?:lo )?he recibido\b|\bpas (?:encore )?(?:arrivée?|reçue?|livrée?)\b|\bnão (?:chegou|recebi)\b|\bniet (?:aangekomen|ontvangen|bezorgd)\b|\bnon (?:è )?(?:ancora )?(?:arrivato|ricevuto|consegnato)\b/i,
];
const DAMAGED = [
  /\b(?:arrived|came|was|is|got here|showed up) (?:\w+ ){0,2}(?:damaged|broken|cracked|smashed|shattered|dented|torn|crushed)\b/i,
  /\b(?:damaged|broken|cracked|smashed|shattered|dented|crushed) (?:on arrival|when it arrived|in (?:the )?(?:box|post|mail|transit))\b/i,
  /\b(?:it|the \w+|my \w+) (?:is|was) (?:damaged|broken|cracked|smashed|shattered|dented)\b/i,
  /\bbeschädigt\b|\bkaputt\b|\bdañad[oa]\b|\broto\b|\brota\b|\bendommagée?\b|\bcassée?\b|\bdanificad[oa]\b|\bquebrad[oa]\b|\bbeschadigd\b|\bkapot\b|\bdanneggiat[oa]\b|\brott[oa]\b/i,
];
const LEGAL =
  /\b(?:lawyers?|attorneys?|solicitors?|legal action|legal steps|sue (?:you|your company|them)|take (?:you|this|it) to court|small claims|consumer protection|trading standards|ombudsman|anwalt|rechtliche schritte|verbraucherzentrale|abogad[oa]|demanda|avocat|poursuites|advogad[oa]|advocaat|avvocat[oa])\b/i;
const CHARGEBACK =
  /\b(?:charge ?-?backs?|dispute (?:the|this) (?:charge|payment|transaction)|file a dispute|open a dispute|reverse the (?:charge|payment)|rückbuchung|contracargo|rétrofacturation|estorno)\b/i;
const CANCELLATION = [
  /\b(?:i(?:'ll| will| am going to|'m going to)|otherwise i(?:'ll| will)?|or i(?:'ll| will)?) (?:cancel|close|end) (?:my|the|our) (?:account|membership|subscription|contract|business)\b/i,
  /\btake (?:my|our) business elsewhere\b|\bnever (?:order|buy|shop)(?:ing)? (?:\w+ ){0,3}again\b|\blast time i (?:order|buy|shop)\b/i,
];

const any = (patterns: RegExp[], text: string) => patterns.some((p) => p.test(text));

export function customerSignals(text: string): CustomerSignals {
  const labelCreated = any(LABEL_CREATED, text);
  const threat: CustomerSignals["threat"] = LEGAL.test(text) ? "legal" : CHARGEBACK.test(text) ? "chargeback" : any(CANCELLATION, text) ? "cancellation" : null;
  return {
    labelCreated,
    notShipped: labelCreated || any(NOT_SHIPPED, text),
    notArrived: any(NOT_ARRIVED, text),
    damaged: any(DAMAGED, text),
    threat,
  };
}

/** The order number the customer quotes ("order 88213", "#88213"), or null. */
export function quotedOrderNumber(text: string): string | null {
  const m =
    /#\s?(\d{4,12})\b|\border\b[^\d\n]{0,20}?(\d{4,12})\b|\b(?:bestellung|pedido|commande|encomenda|bestelling|ordine)\b[^\d\n]{0,20}?(\d{4,12})\b/i.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3] ?? null) : null;
}
