/** .NET catalogers (packages of type `dotnet`, purl `pkg:nuget/name@v`): the `*.deps.json` of published applications. */
import { genericCataloger } from '../generic.js';
import type { Cataloger } from '../cataloger.js';
import { parseDepsJson } from './parse-deps-json.js';

export const dotnetDepsCataloger: Cataloger = genericCataloger({
  name: 'dotnet-deps',
  version: 1,
  wants: (path) => path.endsWith('.deps.json'),
  parse: parseDepsJson,
});

export const dotnetCatalogers: readonly Cataloger[] = [dotnetDepsCataloger];
