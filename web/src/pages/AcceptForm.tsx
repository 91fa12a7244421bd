/** "Accept this vulnerability": creates an exception with a scope, reason and expiry, in place. */
import { useState, type FormEvent } from 'react';
import { api } from '../api';

export function AcceptForm({ vulnerability, pkg, team, repository, onDone, onCancel }: { vulnerability: string; pkg: string; team: string; repository: string; onDone(): void; onCancel(): void }) {
  const approved = repository.replace(/^quarantine\//, '');
  const [scope, setScope] = useState(`team:${team}`);
  const [onlyPackage, setOnlyPackage] = useState(true);
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(() => new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/exceptions', { vulnerability, ...(onlyPackage ? { package: pkg } : {}), scope, reason, expiresAt: expires });
      onDone();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="accept" onSubmit={(event) => void submit(event)} aria-label={`accept ${vulnerability}`}>
      <strong>Accept {vulnerability}</strong>
      <label>
        For
        <select name="scope" value={scope} onChange={(event) => setScope(event.target.value)}>
          <option value={`repository:${approved}`}>repository {approved}</option>
          <option value={`team:${team}`}>team {team}</option>
          <option value="org">the whole organisation</option>
        </select>
      </label>
      <label className="inline">
        <input type="checkbox" checked={onlyPackage} onChange={(event) => setOnlyPackage(event.target.checked)} /> only in package {pkg}
      </label>
      <label>
        Reason
        <input name="reason" value={reason} onChange={(event) => setReason(event.target.value)} required placeholder="why this is acceptable" />
      </label>
      <label>
        Expires
        <input name="expires" type="date" value={expires} onChange={(event) => setExpires(event.target.value)} required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="filter-actions">
        <button type="submit" disabled={busy}>
          Create exception
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
