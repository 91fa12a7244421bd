/** Event subscriptions (webhooks) and each one's delivery log. */
import { useState, type FormEvent } from 'react';
import { api, queryString } from '../api';
import { ErrorNote, formatTime, Loading, Section } from '../components/ui';
import { useSearch } from '../router';
import { useSignedIn } from '../session';
import { useApi } from '../use-api';

interface Webhook {
  id: string;
  url: string;
  types: string[] | null;
  teams: string[];
  active: boolean;
  createdBy: string;
  createdAt: number;
}

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastAttemptAt: number | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: number;
}

export function WebhooksPage() {
  const session = useSignedIn();
  const [search, setSearch] = useSearch();
  const { data, error, loading, reload } = useApi<{ webhooks: Webhook[] }>('/webhooks');
  const selected = search.get('webhook') ?? undefined;
  const [failure, setFailure] = useState<Error>();
  const canManage = session.capabilities.manageWebhooks !== false;
  const change = async (webhook: Webhook, action: 'activate' | 'deactivate' | 'delete') => {
    setFailure(undefined);
    try {
      if (action === 'delete') {
        if (!window.confirm(`Delete the webhook to ${webhook.url}?`)) return;
        await api('DELETE', `/webhooks/${webhook.id}`);
      } else await api('POST', `/webhooks/${webhook.id}/${action}`);
      reload();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return (
    <>
      <h1>Webhooks</h1>
      {canManage && <CreateWebhook onCreated={reload} />}
      <ErrorNote error={error ?? failure} />
      <Loading when={loading && !data} />
      <table data-testid="webhooks-table">
        <thead>
          <tr>
            <th>URL</th>
            <th>Events</th>
            <th>Teams</th>
            <th>Active</th>
            <th>Created</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {(data?.webhooks ?? []).map((webhook) => (
            <tr key={webhook.id} aria-selected={selected === webhook.id}>
              <td className="wrap">{webhook.url}</td>
              <td>{webhook.types?.join(', ') ?? 'all'}</td>
              <td>{webhook.teams.join(', ') || 'all'}</td>
              <td>{webhook.active ? 'yes' : 'no'}</td>
              <td>
                {formatTime(webhook.createdAt)} by {webhook.createdBy}
              </td>
              <td>
                <button type="button" onClick={() => setSearch({ webhook: webhook.id })}>
                  Deliveries
                </button>
                {canManage && (
                  <>
                    {' '}
                    <button type="button" onClick={() => void change(webhook, webhook.active ? 'deactivate' : 'activate')}>
                      {webhook.active ? 'Deactivate' : 'Activate'}
                    </button>{' '}
                    <button type="button" onClick={() => void change(webhook, 'delete')}>
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected && <Deliveries id={selected} />}
    </>
  );
}

function Deliveries({ id }: { id: string }) {
  const [status, setStatus] = useState('');
  const { data, error } = useApi<{ deliveries: Delivery[] }>(`/webhooks/${encodeURIComponent(id)}/deliveries${queryString({ status, limit: 100 })}`);
  return (
    <Section
      title="Delivery log"
      actions={
        <label>
          Status{' '}
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">any</option>
            <option value="pending">pending</option>
            <option value="delivered">delivered</option>
            <option value="failed">failed</option>
          </select>
        </label>
      }
    >
      <ErrorNote error={error} />
      <table data-testid="deliveries-table">
        <thead>
          <tr>
            <th>Event</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Last attempt</th>
            <th>Response</th>
          </tr>
        </thead>
        <tbody>
          {(data?.deliveries ?? []).map((delivery) => (
            <tr key={delivery.id}>
              <td>{delivery.eventType}</td>
              <td>{delivery.status}</td>
              <td>{delivery.attempts}</td>
              <td>{formatTime(delivery.lastAttemptAt)}</td>
              <td>{delivery.lastResponseStatus ?? delivery.lastError ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function CreateWebhook({ onCreated }: { onCreated(): void }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ url: '', secret: '', types: '', teams: '' });
  const [error, setError] = useState<string>();
  const list = (text: string) => text.split(',').map((part) => part.trim()).filter(Boolean);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const types = list(form.types);
      await api('POST', '/webhooks', { url: form.url, secret: form.secret, ...(types.length ? { types } : {}), teams: list(form.teams) });
      setOpen(false);
      onCreated();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  if (!open)
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)}>
          New webhook…
        </button>
      </p>
    );
  return (
    <Section title="New webhook">
      <form className="filters" onSubmit={(event) => void submit(event)}>
        <label>
          URL <input value={form.url} onChange={(event) => setForm({ ...form, url: event.target.value })} required />
        </label>
        <label>
          Secret <input type="password" value={form.secret} onChange={(event) => setForm({ ...form, secret: event.target.value })} required />
        </label>
        <label>
          Event types <input value={form.types} placeholder="image.rejected, image.revoked (empty: all)" onChange={(event) => setForm({ ...form, types: event.target.value })} />
        </label>
        <label>
          Teams <input value={form.teams} placeholder="empty: all" onChange={(event) => setForm({ ...form, teams: event.target.value })} />
        </label>
        <div className="filter-actions">
          <button type="submit">Create</button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Section>
  );
}
