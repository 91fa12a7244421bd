/**
 * Rust catalogers (packages of type `cargo`, purl `pkg:cargo/name@v`): Cargo.lock.
 * Crates compiled into binaries (`cargo auditable` sections) are read by the
 * binary cataloger, not here.
 */
import { baseName, genericCataloger } from '../generic.js';
import type { Cataloger } from '../cataloger.js';
import { parseCargoLock } from './parse-cargo-lock.js';

export const cargoLockCataloger: Cataloger = genericCataloger({
  name: 'cargo-lock',
  version: 1,
  wants: (path) => baseName(path) === 'Cargo.lock',
  parse: parseCargoLock,
});

export const rustCatalogers: readonly Cataloger[] = [cargoLockCataloger];
