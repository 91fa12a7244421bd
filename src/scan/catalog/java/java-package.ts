/** A Maven artifact found in an archive, as a Package: name `groupId:artifactId`, purl pkg:maven/<groupId>/<artifactId>@<version>. */
import type { Package } from '../package.js';
import { purlOf } from '../purl.js';
import type { ArchiveIdentity } from './archive-identity.js';

export function javaPackage(identity: ArchiveIdentity, path: string): Package {
  const { groupId, artifactId, version } = identity.coordinates;
  return {
    name: `${groupId}:${artifactId}`,
    version,
    type: 'java',
    purl: purlOf({ type: 'maven', namespace: groupId, name: artifactId, version }),
    path,
    metadata: { groupId, artifactId, identifiedBy: identity.identifiedBy, groupIdFrom: identity.groupIdFrom },
  };
}
