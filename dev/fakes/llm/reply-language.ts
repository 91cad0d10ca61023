/**
 * Phrase tables for the default reply (en, de, es, fr, pt, nl, it): greeting, thanks, closing, holding reply,
 * sign-off, and the sentences tool results become. The tone follows the demo knowledge base (informal "du", "tú",
 * "tu", "je"), so a greeting from here and a body from a passage read as one voice. Dates and amounts are
 * formatted with Intl for the language ("2 December", "2. Dezember", "2 de diciembre").
 */

export const REPLY_LANGUAGES = ["en", "de", "es", "fr", "pt", "nl", "it"] as const;
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];

export function isReplyLanguage(code: string | null | undefined): code is ReplyLanguage {
  return code !== null && code !== undefined && (REPLY_LANGUAGES as readonly string[]).includes(code);
}

const NAMES: Record<string, string> = {
  en: "English",
  de: "German",
  es: "Spanish",
  fr: "French",
  pt: "Portuguese",
  nl: "Dutch",
  it: "Italian",
  sv: "Swedish",
  da: "Danish",
  no: "Norwegian",
  fi: "Finnish",
  pl: "Polish",
  cs: "Czech",
  tr: "Turkish",
  ru: "Russian",
  ja: "Japanese",
  zh: "Chinese",
};

/** "German" for "de"; the code itself when unknown. */
export function languageName(code: string): string {
  return NAMES[code] ?? code;
}

/** What a reply sentence needs to know; every field may be missing. */
export interface Phrases {
  /** Intl locale for dates. */
  dateLocale: string;
  /** Intl locale for amounts. */
  moneyLocale: string;
  greeting(name: string | null): string;
  thanks(orderId: string | null): string;
  closing: string;
  signOff: string;
  holding: string;
  holdingUpset: string;
  notShippedYet(status: "processing" | "packed", estimated: string | null): string;
  shipped(date: string | null, carrier: string | null, estimated: string | null): string;
  trackingLink(url: string): string;
  delivered(date: string | null): string;
  cancelled: string;
  seesLabelCreated: string;
  seesNotShipped: string;
  scanLag: string;
  followUpScan(carrier: string | null): string;
  sorryNotArrived: string;
  /** For a parcel the carrier marked delivered. */
  sorryNotReceived: string;
  followUpLate(estimated: string | null): string;
  deliveredMissing: string;
  investigate: string;
  damaged: string;
  refundEligible(amount: string | null, toOriginalMethod: boolean): string;
  refundNotEligible: string;
  withinWindow(days: number, date: string | null): string;
  windowPassed(days: number, date: string | null): string;
  finalSale: string;
  cancelledNothingCharged: string;
  notShippedFullRefund: string;
  notFound(orderId: string | null): string;
  toolError(orderId: string | null): string;
}

const en: Phrases = {
  dateLocale: "en-GB",
  moneyLocale: "en-US",
  greeting: (name) => (name ? `Hi ${name},` : "Hi there,"),
  thanks: (order) => (order ? `Thank you for your message about order ${order}.` : "Thank you for getting in touch."),
  closing: "If you have any other questions, just reply to this message.",
  signOff: "Best regards,\nSupport Team",
  holding: "Thank you for your message. I have passed your request to a colleague, who will look into it and reply to you personally as soon as possible.",
  holdingUpset:
    "I am sorry about the trouble this has caused. I have passed your message to a colleague, who will review everything and reply to you personally as soon as possible.",
  notShippedYet: (status, est) =>
    (status === "packed"
      ? "Your order is packed and waiting for the carrier, so it has not shipped yet."
      : "Your order has not shipped yet: we are still preparing it.") + (est ? ` The estimated delivery date is ${est}.` : ""),
  shipped: (date, carrier, est) =>
    `Your order ${date ? `shipped on ${date}` : "has shipped"}${carrier ? ` with ${carrier}` : ""}${est ? `, and the estimated delivery date is ${est}.` : "."}`,
  trackingLink: (url) => `You can follow it here: ${url}`,
  delivered: (date) => `The carrier shows your order as delivered${date ? ` on ${date}` : ""}.`,
  cancelled: "This order was cancelled, so it will not be shipped.",
  seesLabelCreated: 'I can see that your tracking page still says "label created".',
  seesNotShipped: "I understand it looks as if your order has not shipped.",
  scanLag: "Carrier scans can lag up to a day behind, so the tracking should catch up soon.",
  followUpScan: (carrier) => `If it still shows no movement tomorrow, just reply and we will chase ${carrier ?? "the carrier"} for you.`,
  sorryNotArrived: "I am sorry your parcel has not reached you yet.",
  sorryNotReceived: "I am sorry you have not received your parcel.",
  followUpLate: (est) =>
    est
      ? `If it has not arrived by ${est}, just reply and we will chase the carrier for you.`
      : "If it does not arrive in the next few days, just reply and we will chase the carrier for you.",
  deliveredMissing: "Sometimes a parcel marked as delivered has been left with a neighbour or in a safe place, so it is worth checking there first.",
  investigate: "If you still cannot find it, reply to this message and we will open an investigation with the carrier.",
  damaged: "I am so sorry your order arrived damaged.",
  refundEligible: (amount, original) =>
    amount ? `This order can be refunded: ${amount} would go back to ${original ? "your original payment method" : "you"}.` : "This order can be refunded.",
  refundNotEligible: "I am afraid this order cannot be refunded.",
  withinWindow: (days, date) => `It is within the ${days}-day return window${date ? `, which ends on ${date}` : ""}.`,
  windowPassed: (days, date) => (date ? `The ${days}-day return window ended on ${date}.` : `The ${days}-day return window has passed.`),
  finalSale: "Final-sale items can only be returned if they are faulty.",
  cancelledNothingCharged: "The order was cancelled, so nothing was charged.",
  notShippedFullRefund: "It has not shipped yet, so you can cancel it or refuse the delivery for a full refund.",
  notFound: (order) =>
    `I could not find an order with ${order ? `the number ${order}` : "that number"}. Could you double-check the order number in your order confirmation email and send it to us?`,
  toolError: (order) => `I could not look up ${order ? `order ${order}` : "your order"} just now, so a colleague will check it and get back to you shortly.`,
};

const de: Phrases = {
  dateLocale: "de-DE",
  moneyLocale: "de-DE",
  greeting: (name) => (name ? `Hallo ${name},` : "Hallo,"),
  thanks: (order) => (order ? `Danke für deine Nachricht zu Bestellung ${order}.` : "Danke für deine Nachricht."),
  closing: "Wenn du noch Fragen hast, antworte einfach auf diese Nachricht.",
  signOff: "Viele Grüße\nDein Support-Team",
  holding: "Danke für deine Nachricht. Ich habe dein Anliegen an unser Team weitergegeben; jemand meldet sich so bald wie möglich persönlich bei dir.",
  holdingUpset:
    "Es tut mir leid, dass es Ärger gegeben hat. Ich habe deine Nachricht an unser Team weitergegeben; jemand prüft alles und meldet sich so bald wie möglich persönlich bei dir.",
  notShippedYet: (status, est) =>
    (status === "packed"
      ? "Deine Bestellung ist gepackt und wartet auf den Versanddienstleister, sie ist also noch nicht versandt."
      : "Deine Bestellung ist noch nicht versandt: Wir bereiten sie gerade vor.") + (est ? ` Das voraussichtliche Lieferdatum ist der ${est}.` : ""),
  shipped: (date, carrier, est) =>
    `Deine Bestellung wurde${date ? ` am ${date}` : ""}${carrier ? ` mit ${carrier}` : ""} versandt${est ? `; die Lieferung ist voraussichtlich am ${est}.` : "."}`,
  trackingLink: (url) => `Hier kannst du sie verfolgen: ${url}`,
  delivered: (date) => `Laut Versanddienstleister wurde deine Bestellung${date ? ` am ${date}` : ""} zugestellt.`,
  cancelled: "Diese Bestellung wurde storniert und wird daher nicht versandt.",
  seesLabelCreated: "Ich verstehe, dass die Sendungsverfolgung noch anzeigt, dass nur das Versandetikett erstellt wurde.",
  seesNotShipped: "Ich verstehe, dass es so aussieht, als wäre deine Bestellung noch nicht versandt.",
  scanLag: "Die Scans des Versanddienstleisters können bis zu einem Tag hinterherhinken, die Sendungsverfolgung sollte sich also bald aktualisieren.",
  followUpScan: (carrier) =>
    `Wenn sich morgen immer noch nichts bewegt, antworte einfach, dann haken wir ${carrier ? `bei ${carrier}` : "beim Versanddienstleister"} nach.`,
  sorryNotArrived: "Es tut mir leid, dass dein Paket noch nicht bei dir angekommen ist.",
  sorryNotReceived: "Es tut mir leid, dass dein Paket nicht bei dir angekommen ist.",
  followUpLate: (est) =>
    est
      ? `Falls es bis zum ${est} nicht angekommen ist, antworte einfach, dann haken wir beim Versanddienstleister nach.`
      : "Falls es in den nächsten Tagen nicht ankommt, antworte einfach, dann haken wir beim Versanddienstleister nach.",
  deliveredMissing: "Manchmal wird ein als zugestellt markiertes Paket bei Nachbarn oder an einem Ablageort abgegeben; schau am besten zuerst dort nach.",
  investigate: "Wenn du es dann immer noch nicht findest, antworte auf diese Nachricht, und wir stellen einen Nachforschungsauftrag beim Versanddienstleister.",
  damaged: "Es tut mir sehr leid, dass deine Bestellung beschädigt angekommen ist.",
  refundEligible: (amount, original) =>
    amount
      ? `Diese Bestellung kann erstattet werden: ${amount} ${original ? "gehen zurück auf dein ursprüngliches Zahlungsmittel" : "werden dir erstattet"}.`
      : "Diese Bestellung kann erstattet werden.",
  refundNotEligible: "Leider kann diese Bestellung nicht erstattet werden.",
  withinWindow: (days, date) => `Sie liegt innerhalb der ${days}-tägigen Rückgabefrist${date ? `, die am ${date} endet` : ""}.`,
  windowPassed: (days, date) => `Die ${days}-tägige Rückgabefrist ist${date ? ` am ${date}` : ""} abgelaufen.`,
  finalSale: "Artikel mit Rückgabeausschluss (Final Sale) können nur zurückgegeben werden, wenn sie defekt sind.",
  cancelledNothingCharged: "Die Bestellung wurde storniert, es wurde also nichts belastet.",
  notShippedFullRefund: "Sie ist noch nicht versandt, du kannst sie also stornieren oder die Annahme verweigern und bekommst den vollen Betrag zurück.",
  notFound: (order) =>
    `Ich konnte keine Bestellung mit ${order ? `der Nummer ${order}` : "dieser Nummer"} finden. Kannst du die Bestellnummer in deiner Bestellbestätigung noch einmal prüfen und sie uns schicken?`,
  toolError: (order) =>
    `Ich konnte ${order ? `Bestellung ${order}` : "deine Bestellung"} gerade nicht abrufen; jemand aus unserem Team prüft sie und meldet sich in Kürze bei dir.`,
};

const es: Phrases = {
  dateLocale: "es-ES",
  moneyLocale: "es-ES",
  greeting: (name) => (name ? `Hola, ${name}:` : "Hola:"),
  thanks: (order) => (order ? `Gracias por tu mensaje sobre el pedido ${order}.` : "Gracias por escribirnos."),
  closing: "Si tienes cualquier otra pregunta, responde a este mensaje.",
  signOff: "Un saludo,\nEl equipo de atención al cliente",
  holding: "Gracias por tu mensaje. He pasado tu consulta a un compañero del equipo, que la revisará y te responderá personalmente lo antes posible.",
  holdingUpset:
    "Siento mucho las molestias. He pasado tu mensaje a un compañero del equipo, que lo revisará todo y te responderá personalmente lo antes posible.",
  notShippedYet: (status, est) =>
    (status === "packed"
      ? "Tu pedido está empaquetado y esperando al transportista, así que aún no se ha enviado."
      : "Tu pedido aún no se ha enviado: lo estamos preparando.") + (est ? ` La fecha estimada de entrega es el ${est}.` : ""),
  shipped: (date, carrier, est) =>
    `Tu pedido se envió${date ? ` el ${date}` : ""}${carrier ? ` con ${carrier}` : ""}${est ? ` y la entrega está prevista para el ${est}.` : "."}`,
  trackingLink: (url) => `Puedes seguirlo aquí: ${url}`,
  delivered: (date) => `Según el transportista, tu pedido se entregó${date ? ` el ${date}` : ""}.`,
  cancelled: "Este pedido se canceló, así que no se enviará.",
  seesLabelCreated: 'Entiendo que el seguimiento todavía muestra solo "etiqueta creada".',
  seesNotShipped: "Entiendo que parece que tu pedido aún no se ha enviado.",
  scanLag: "Los escaneos del transportista pueden ir hasta un día por detrás, así que el seguimiento debería actualizarse pronto.",
  followUpScan: (carrier) => `Si mañana sigue sin moverse, responde a este mensaje y lo reclamaremos ${carrier ? `a ${carrier}` : "al transportista"}.`,
  sorryNotArrived: "Siento que tu paquete aún no te haya llegado.",
  sorryNotReceived: "Siento que no hayas recibido tu paquete.",
  followUpLate: (est) =>
    est
      ? `Si para el ${est} no ha llegado, responde a este mensaje y lo reclamaremos al transportista.`
      : "Si no llega en los próximos días, responde a este mensaje y lo reclamaremos al transportista.",
  deliveredMissing: "A veces un paquete marcado como entregado se deja con un vecino o en un lugar seguro, así que conviene mirar allí primero.",
  investigate: "Si sigues sin encontrarlo, responde a este mensaje y abriremos una investigación con el transportista.",
  damaged: "Siento mucho que tu pedido haya llegado dañado.",
  refundEligible: (amount, original) =>
    amount ? `Este pedido se puede reembolsar: te devolveremos ${amount}${original ? " al método de pago original" : ""}.` : "Este pedido se puede reembolsar.",
  refundNotEligible: "Lo siento, pero este pedido no se puede reembolsar.",
  withinWindow: (days, date) => `Está dentro del plazo de devolución de ${days} días${date ? `, que termina el ${date}` : ""}.`,
  windowPassed: (days, date) => (date ? `El plazo de devolución de ${days} días terminó el ${date}.` : `El plazo de devolución de ${days} días ha terminado.`),
  finalSale: "Los artículos de venta final solo se pueden devolver si son defectuosos.",
  cancelledNothingCharged: "El pedido se canceló, así que no se cobró nada.",
  notShippedFullRefund: "Aún no se ha enviado, así que puedes cancelarlo o rechazar la entrega y recibir el reembolso completo.",
  notFound: (order) =>
    `No he encontrado ningún pedido con ${order ? `el número ${order}` : "ese número"}. ¿Puedes comprobar el número en el correo de confirmación del pedido y enviárnoslo?`,
  toolError: (order) =>
    `No he podido consultar ${order ? `el pedido ${order}` : "tu pedido"} en este momento; un compañero del equipo lo revisará y te responderá en breve.`,
};

const fr: Phrases = {
  dateLocale: "fr-FR",
  moneyLocale: "fr-FR",
  greeting: (name) => (name ? `Bonjour ${name},` : "Bonjour,"),
  thanks: (order) => (order ? `Merci pour ton message au sujet de la commande ${order}.` : "Merci de nous avoir écrit."),
  closing: "Si tu as d'autres questions, réponds simplement à ce message.",
  signOff: "Bien cordialement,\nL'équipe du service client",
  holding: "Merci pour ton message. J'ai transmis ta demande à un membre de l'équipe, qui l'examinera et te répondra personnellement dès que possible.",
  holdingUpset:
    "Nous sommes désolés pour ces désagréments. J'ai transmis ton message à un membre de l'équipe, qui examinera tout et te répondra personnellement dès que possible.",
  notShippedYet: (status, est) =>
    (status === "packed"
      ? "Ta commande est emballée et attend le transporteur, elle n'a donc pas encore été expédiée."
      : "Ta commande n'a pas encore été expédiée : nous la préparons.") + (est ? ` La date de livraison estimée est le ${est}.` : ""),
  shipped: (date, carrier, est) =>
    `Ta commande a été expédiée${date ? ` le ${date}` : ""}${carrier ? ` avec ${carrier}` : ""}${est ? ` et sa livraison est prévue le ${est}.` : "."}`,
  trackingLink: (url) => `Tu peux la suivre ici : ${url}`,
  delivered: (date) => `D'après le transporteur, ta commande a été livrée${date ? ` le ${date}` : ""}.`,
  cancelled: "Cette commande a été annulée, elle ne sera donc pas expédiée.",
  seesLabelCreated: "Je comprends que le suivi affiche toujours seulement « étiquette créée ».",
  seesNotShipped: "Je comprends qu'on dirait que ta commande n'a pas encore été expédiée.",
  scanLag: "Les scans du transporteur peuvent avoir jusqu'à un jour de retard, le suivi devrait donc se mettre à jour bientôt.",
  followUpScan: (carrier) => `Si rien ne bouge demain, réponds à ce message et nous relancerons ${carrier ?? "le transporteur"}.`,
  sorryNotArrived: "Nous sommes désolés que ton colis ne soit pas encore arrivé.",
  sorryNotReceived: "Nous sommes désolés que tu n'aies pas reçu ton colis.",
  followUpLate: (est) =>
    est
      ? `S'il n'est pas arrivé d'ici le ${est}, réponds à ce message et nous relancerons le transporteur.`
      : "S'il n'arrive pas dans les prochains jours, réponds à ce message et nous relancerons le transporteur.",
  deliveredMissing: "Il arrive qu'un colis marqué comme livré soit déposé chez un voisin ou dans un endroit sûr : mieux vaut vérifier d'abord de ce côté.",
  investigate: "Si tu ne le trouves toujours pas, réponds à ce message et nous ouvrirons une enquête auprès du transporteur.",
  damaged: "Nous sommes vraiment désolés que ta commande soit arrivée endommagée.",
  refundEligible: (amount, original) =>
    amount
      ? `Cette commande peut être remboursée : ${amount} te seront reversés${original ? " sur ton moyen de paiement d'origine" : ""}.`
      : "Cette commande peut être remboursée.",
  refundNotEligible: "Malheureusement, cette commande ne peut pas être remboursée.",
  withinWindow: (days, date) => `Elle est dans le délai de retour de ${days} jours${date ? `, qui se termine le ${date}` : ""}.`,
  windowPassed: (days, date) => (date ? `Le délai de retour de ${days} jours a pris fin le ${date}.` : `Le délai de retour de ${days} jours est dépassé.`),
  finalSale: "Les articles en vente finale ne peuvent être retournés que s'ils sont défectueux.",
  cancelledNothingCharged: "La commande a été annulée, rien n'a donc été débité.",
  notShippedFullRefund: "Elle n'a pas encore été expédiée : tu peux l'annuler ou refuser la livraison pour un remboursement complet.",
  notFound: (order) =>
    `Je n'ai trouvé aucune commande avec ${order ? `le numéro ${order}` : "ce numéro"}. Peux-tu vérifier le numéro dans ton e-mail de confirmation de commande et nous l'envoyer ?`,
  toolError: (order) =>
    `Je n'ai pas pu consulter ${order ? `la commande ${order}` : "ta commande"} pour le moment ; un membre de l'équipe va la vérifier et te répondra rapidement.`,
};

const pt: Phrases = {
  dateLocale: "pt-BR",
  moneyLocale: "pt-BR",
  greeting: (name) => (name ? `Olá ${name},` : "Olá,"),
  thanks: (order) => (order ? `Obrigado pela sua mensagem sobre o pedido ${order}.` : "Obrigado por entrar em contato."),
  closing: "Se tiver qualquer outra dúvida, é só responder a esta mensagem.",
  signOff: "Atenciosamente,\nEquipe de Suporte",
  holding: "Obrigado pela sua mensagem. Encaminhei a sua solicitação a um colega da equipe, que vai analisá-la e responder pessoalmente assim que possível.",
  holdingUpset:
    "Lamento muito pelo transtorno. Encaminhei a sua mensagem a um colega da equipe, que vai analisar tudo e responder pessoalmente assim que possível.",
  notShippedYet: (status, est) =>
    (status === "packed"
      ? "O seu pedido está embalado e aguardando a transportadora, por isso ainda não foi enviado."
      : "O seu pedido ainda não foi enviado: estamos preparando-o.") + (est ? ` A data prevista de entrega é ${est}.` : ""),
  shipped: (date, carrier, est) =>
    `O seu pedido foi enviado${date ? ` em ${date}` : ""}${carrier ? ` pela ${carrier}` : ""}${est ? ` e a entrega está prevista para ${est}.` : "."}`,
  trackingLink: (url) => `Você pode acompanhá-lo aqui: ${url}`,
  delivered: (date) => `Segundo a transportadora, o seu pedido foi entregue${date ? ` em ${date}` : ""}.`,
  cancelled: "Este pedido foi cancelado, por isso não será enviado.",
  seesLabelCreated: 'Entendo que o rastreamento ainda mostra apenas "etiqueta criada".',
  seesNotShipped: "Entendo que parece que o seu pedido ainda não foi enviado.",
  scanLag: "As leituras da transportadora podem atrasar até um dia, por isso o rastreamento deve ser atualizado em breve.",
  followUpScan: (carrier) => `Se amanhã ainda não houver movimento, é só responder e cobraremos ${carrier ? `a ${carrier}` : "a transportadora"}.`,
  sorryNotArrived: "Lamento que o seu pacote ainda não tenha chegado.",
  sorryNotReceived: "Lamento que você não tenha recebido o seu pacote.",
  followUpLate: (est) =>
    est
      ? `Se não tiver chegado até ${est}, é só responder e cobraremos a transportadora.`
      : "Se não chegar nos próximos dias, é só responder e cobraremos a transportadora.",
  deliveredMissing: "Às vezes, um pacote marcado como entregue fica com um vizinho ou num local seguro, por isso vale a pena verificar primeiro.",
  investigate: "Se mesmo assim não o encontrar, responda a esta mensagem e abriremos uma investigação com a transportadora.",
  damaged: "Lamento muito que o seu pedido tenha chegado danificado.",
  refundEligible: (amount, original) =>
    amount
      ? `Este pedido pode ser reembolsado: ${amount} ${original ? "voltarão para o seu meio de pagamento original" : "serão reembolsados"}.`
      : "Este pedido pode ser reembolsado.",
  refundNotEligible: "Infelizmente, este pedido não pode ser reembolsado.",
  withinWindow: (days, date) => `Ele está dentro do prazo de devolução de ${days} dias${date ? `, que termina em ${date}` : ""}.`,
  windowPassed: (days, date) => (date ? `O prazo de devolução de ${days} dias terminou em ${date}.` : `O prazo de devolução de ${days} dias já terminou.`),
  finalSale: "Itens de venda final só podem ser devolvidos se tiverem defeito.",
  cancelledNothingCharged: "O pedido foi cancelado, por isso nada foi cobrado.",
  notShippedFullRefund: "Ele ainda não foi enviado, então você pode cancelá-lo ou recusar a entrega para receber o reembolso total.",
  notFound: (order) =>
    `Não encontrei nenhum pedido com ${order ? `o número ${order}` : "esse número"}. Pode verificar o número no e-mail de confirmação do pedido e enviá-lo para nós?`,
  toolError: (order) =>
    `Não consegui consultar ${order ? `o pedido ${order}` : "o seu pedido"} agora; um colega da equipe vai verificá-lo e responder em breve.`,
};

const nl: Phrases = {
  dateLocale: "nl-NL",
  moneyLocale: "nl-NL",
  greeting: (name) => (name ? `Hallo ${name},` : "Hallo,"),
  thanks: (order) => (order ? `Bedankt voor je bericht over bestelling ${order}.` : "Bedankt voor je bericht."),
  closing: "Heb je nog andere vragen? Beantwoord dan gewoon dit bericht.",
  signOff: "Met vriendelijke groet,\nHet supportteam",
  holding: "Bedankt voor je bericht. Ik heb je vraag doorgegeven aan een collega, die ernaar kijkt en je zo snel mogelijk persoonlijk antwoordt.",
  holdingUpset:
    "Het spijt me dat dit zoveel ongemak heeft veroorzaakt. Ik heb je bericht doorgegeven aan een collega, die alles bekijkt en je zo snel mogelijk persoonlijk antwoordt.",
  notShippedYet: (status, est) =>
    (status === "packed"
      ? "Je bestelling is ingepakt en wacht op de vervoerder, dus hij is nog niet verzonden."
      : "Je bestelling is nog niet verzonden: we zijn hem aan het klaarmaken.") + (est ? ` De verwachte leverdatum is ${est}.` : ""),
  shipped: (date, carrier, est) =>
    `Je bestelling is${date ? ` op ${date}` : ""}${carrier ? ` met ${carrier}` : ""} verzonden${est ? ` en wordt naar verwachting op ${est} bezorgd.` : "."}`,
  trackingLink: (url) => `Je kunt hem hier volgen: ${url}`,
  delivered: (date) => `Volgens de vervoerder is je bestelling${date ? ` op ${date}` : ""} bezorgd.`,
  cancelled: "Deze bestelling is geannuleerd en wordt dus niet verzonden.",
  seesLabelCreated: 'Ik begrijp dat de track-and-trace nog steeds alleen "label aangemaakt" laat zien.',
  seesNotShipped: "Ik begrijp dat het lijkt alsof je bestelling nog niet is verzonden.",
  scanLag: "Scans van de vervoerder kunnen tot een dag achterlopen, dus de track-and-trace zou snel moeten bijwerken.",
  followUpScan: (carrier) => `Zie je morgen nog steeds geen beweging, beantwoord dan dit bericht en we gaan erachteraan bij ${carrier ?? "de vervoerder"}.`,
  sorryNotArrived: "Het spijt me dat je pakket nog niet is aangekomen.",
  sorryNotReceived: "Het spijt me dat je je pakket niet hebt ontvangen.",
  followUpLate: (est) =>
    est
      ? `Is het op ${est} nog niet binnen, beantwoord dan dit bericht en we gaan erachteraan bij de vervoerder.`
      : "Komt het de komende dagen niet aan, beantwoord dan dit bericht en we gaan erachteraan bij de vervoerder.",
  deliveredMissing: "Soms wordt een pakket dat als bezorgd is gemarkeerd bij de buren of op een veilige plek achtergelaten, dus kijk daar eerst even.",
  investigate: "Kun je het dan nog steeds niet vinden, beantwoord dan dit bericht en we starten een onderzoek bij de vervoerder.",
  damaged: "Het spijt me heel erg dat je bestelling beschadigd is aangekomen.",
  refundEligible: (amount, original) =>
    amount
      ? `Deze bestelling kan worden terugbetaald: ${amount} gaat terug${original ? " naar je oorspronkelijke betaalmethode" : ""}.`
      : "Deze bestelling kan worden terugbetaald.",
  refundNotEligible: "Helaas kan deze bestelling niet worden terugbetaald.",
  withinWindow: (days, date) => `Hij valt binnen de retourtermijn van ${days} dagen${date ? `, die op ${date} afloopt` : ""}.`,
  windowPassed: (days, date) => `De retourtermijn van ${days} dagen is${date ? ` op ${date}` : ""} verlopen.`,
  finalSale: "Final-sale-artikelen kunnen alleen worden geretourneerd als ze defect zijn.",
  cancelledNothingCharged: "De bestelling is geannuleerd, dus er is niets afgeschreven.",
  notShippedFullRefund: "Hij is nog niet verzonden, dus je kunt hem annuleren of de levering weigeren voor een volledige terugbetaling.",
  notFound: (order) =>
    `Ik kon geen bestelling met ${order ? `nummer ${order}` : "dat nummer"} vinden. Wil je het bestelnummer in je orderbevestiging nog eens controleren en het ons sturen?`,
  toolError: (order) =>
    `Ik kon ${order ? `bestelling ${order}` : "je bestelling"} nu niet opvragen; een collega controleert hem en laat snel iets van zich horen.`,
};

const it: Phrases = {
  dateLocale: "it-IT",
  moneyLocale: "it-IT",
  greeting: (name) => (name ? `Ciao ${name},` : "Ciao,"),
  thanks: (order) => (order ? `Grazie per il tuo messaggio sull'ordine ${order}.` : "Grazie per averci scritto."),
  closing: "Se hai altre domande, rispondi pure a questo messaggio.",
  signOff: "Cordiali saluti,\nIl team di assistenza",
  holding: "Grazie per il tuo messaggio. Ho inoltrato la tua richiesta a un collega, che la esaminerà e ti risponderà personalmente il prima possibile.",
  holdingUpset:
    "Mi dispiace molto per il disagio. Ho inoltrato il tuo messaggio a un collega, che esaminerà tutto e ti risponderà personalmente il prima possibile.",
  notShippedYet: (status, est) =>
    (status === "packed"
      ? "Il tuo ordine è imballato e in attesa del corriere, quindi non è ancora stato spedito."
      : "Il tuo ordine non è ancora stato spedito: lo stiamo preparando.") + (est ? ` La data di consegna prevista è il ${est}.` : ""),
  shipped: (date, carrier, est) =>
    `Il tuo ordine è stato spedito${date ? ` il ${date}` : ""}${carrier ? ` con ${carrier}` : ""}${est ? ` e la consegna è prevista per il ${est}.` : "."}`,
  trackingLink: (url) => `Puoi seguirlo qui: ${url}`,
  delivered: (date) => `Secondo il corriere, il tuo ordine è stato consegnato${date ? ` il ${date}` : ""}.`,
  cancelled: "Questo ordine è stato annullato, quindi non verrà spedito.",
  seesLabelCreated: 'Capisco che il tracciamento mostra ancora solo "etichetta creata".',
  seesNotShipped: "Capisco che sembra che il tuo ordine non sia ancora stato spedito.",
  scanLag: "Le scansioni del corriere possono essere in ritardo fino a un giorno, quindi il tracciamento dovrebbe aggiornarsi presto.",
  followUpScan: (carrier) => `Se domani non ci sono ancora movimenti, rispondi a questo messaggio e solleciteremo ${carrier ?? "il corriere"}.`,
  sorryNotArrived: "Mi dispiace che il tuo pacco non sia ancora arrivato.",
  sorryNotReceived: "Mi dispiace che tu non abbia ricevuto il pacco.",
  followUpLate: (est) =>
    est
      ? `Se non è arrivato entro il ${est}, rispondi a questo messaggio e solleciteremo il corriere.`
      : "Se non arriva nei prossimi giorni, rispondi a questo messaggio e solleciteremo il corriere.",
  deliveredMissing: "A volte un pacco segnato come consegnato viene lasciato a un vicino o in un luogo sicuro, quindi conviene controllare lì per prima cosa.",
  investigate: "Se ancora non lo trovi, rispondi a questo messaggio e apriremo un'indagine con il corriere.",
  damaged: "Mi dispiace davvero che il tuo ordine sia arrivato danneggiato.",
  refundEligible: (amount, original) =>
    amount
      ? `Questo ordine può essere rimborsato: ${amount} ${original ? "torneranno sul tuo metodo di pagamento originale" : "ti saranno rimborsati"}.`
      : "Questo ordine può essere rimborsato.",
  refundNotEligible: "Purtroppo questo ordine non può essere rimborsato.",
  withinWindow: (days, date) => `Rientra nel periodo di reso di ${days} giorni${date ? `, che termina il ${date}` : ""}.`,
  windowPassed: (days, date) => `Il periodo di reso di ${days} giorni è terminato${date ? ` il ${date}` : ""}.`,
  finalSale: "Gli articoli in saldo finale possono essere resi solo se difettosi.",
  cancelledNothingCharged: "L'ordine è stato annullato, quindi non è stato addebitato nulla.",
  notShippedFullRefund: "Non è ancora stato spedito, quindi puoi annullarlo o rifiutare la consegna per un rimborso completo.",
  notFound: (order) =>
    `Non ho trovato nessun ordine con ${order ? `il numero ${order}` : "quel numero"}. Puoi ricontrollare il numero nell'email di conferma dell'ordine e inviarcelo?`,
  toolError: (order) =>
    `Non sono riuscito a consultare ${order ? `l'ordine ${order}` : "il tuo ordine"} in questo momento; un collega lo controllerà e ti risponderà a breve.`,
};

const TABLES: Record<ReplyLanguage, Phrases> = { en, de, es, fr, pt, nl, it };

export function phrases(language: ReplyLanguage): Phrases {
  return TABLES[language];
}

/** "2 December" (en), "2. Dezember" (de)... from "2025-12-02" or an ISO timestamp; null when unreadable. */
export function formatDate(value: string | null | undefined, p: Phrases): string | null {
  if (!value) return null;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(p.dateLocale, { day: "numeric", month: "long", timeZone: "UTC" }).format(date);
}

/** "$89.00" (en), "89,00 $" (de)...; the bare number when the currency code is unknown. */
export function formatMoney(amount: number | null, currency: string | null, p: Phrases): string | null {
  if (amount === null || !Number.isFinite(amount)) return null;
  if (currency && /^[A-Z]{3}$/i.test(currency)) {
    try {
      return new Intl.NumberFormat(p.moneyLocale, { style: "currency", currency: currency.toUpperCase() }).format(amount);
    } catch {
      // An unknown currency code: the number alone.
    }
  }
  return new Intl.NumberFormat(p.moneyLocale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/** Common function words per language: enough to tell which language a passage is in when it carries no [lang:]. */
const FUNCTION_WORDS: Record<ReplyLanguage, string[]> = {
  en: "the and you your our with for are this that within after from will have can when".split(" "),
  de: "der die das und du dein deine ist nicht mit für wir nach von eine einen wenn auf".split(" "),
  es: "el la los las y tu tus de que en con para por una del desde puedes".split(" "),
  fr: "le la les et tu ton ta tes de des que en avec pour une nous est dès".split(" "),
  pt: "o a os as e você seu sua de que em com para por uma do da não".split(" "),
  nl: "de het een en je jouw jij van met voor naar niet wij we is binnen".split(" "),
  it: "il lo la gli le e tu tuo tua di che con per una del della non entro".split(" "),
};

/** The language of a text by its function words, or null when it is too short or unclear. */
export function guessLanguage(text: string): ReplyLanguage | null {
  const words = text.toLowerCase().split(/[^\p{L}]+/u);
  let best: ReplyLanguage | null = null;
  let bestCount = 0;
  let second = 0;
  for (const lang of REPLY_LANGUAGES) {
    const set = new Set(FUNCTION_WORDS[lang]);
    const count = words.filter((w) => set.has(w)).length;
    if (count > bestCount) {
      second = bestCount;
      bestCount = count;
      best = lang;
    } else if (count > second) {
      second = count;
    }
  }
  return best && bestCount >= 3 && bestCount >= second * 1.5 ? best : null;
}
