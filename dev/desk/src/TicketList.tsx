/** The fake Zendesk's tickets, newest first, refreshed every few seconds (tags change as the Worker triages). */
import { Tag } from "@zendeskgarden/react-tags";
import { Table } from "@zendeskgarden/react-tables";
import { LG, SM } from "@zendeskgarden/react-typography";
import { useEffect, useState } from "react";
import { deskApi, type DeskTicket } from "./api";

export function TicketList() {
  const [tickets, setTickets] = useState<DeskTicket[] | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      deskApi.tickets().then(
        (r) => alive && setTickets(r.tickets),
        () => undefined,
      );
    void load();
    const timer = setInterval(load, 3000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);

  return (
    <section>
      <LG isBold>Tickets</LG>
      <SM>Click “New demo ticket”: a customer opens it, the fake Zendesk sends the signed webhook, the Worker triages it and tags it.</SM>
      <Table style={{ marginTop: 12 }} data-testid="ticket-list">
        <Table.Head>
          <Table.HeaderRow>
            <Table.HeaderCell width="70px">#</Table.HeaderCell>
            <Table.HeaderCell>Subject</Table.HeaderCell>
            <Table.HeaderCell width="180px">Requester</Table.HeaderCell>
            <Table.HeaderCell width="90px">Status</Table.HeaderCell>
            <Table.HeaderCell>Tags</Table.HeaderCell>
          </Table.HeaderRow>
        </Table.Head>
        <Table.Body>
          {(tickets ?? []).map((t) => (
            <Table.Row key={t.id} onClick={() => (window.location.hash = `#/tickets/${t.id}`)} style={{ cursor: "pointer" }}>
              <Table.Cell>{t.id}</Table.Cell>
              <Table.Cell>
                <a href={`#/tickets/${t.id}`}>{t.subject}</a>
              </Table.Cell>
              <Table.Cell>{t.requester?.name ?? t.requester_id}</Table.Cell>
              <Table.Cell>{t.status}</Table.Cell>
              <Table.Cell>
                {t.tags.map((tag) => (
                  <Tag key={tag} size="small" style={{ margin: 2 }}>
                    {tag}
                  </Tag>
                ))}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      {tickets?.length === 0 && <SM>No tickets yet.</SM>}
    </section>
  );
}
