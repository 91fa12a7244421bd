/** Types for spdx-expression-parse 5 (the package ships none): the parse tree of an SPDX licence expression. */
declare module 'spdx-expression-parse' {
  export interface LicenseInfo {
    license: string;
    plus?: true;
    exception?: string;
  }
  export interface ConjunctionInfo {
    conjunction: 'and' | 'or';
    left: LicenseInfo | ConjunctionInfo;
    right: LicenseInfo | ConjunctionInfo;
  }
  /** Throws when `source` is not a valid SPDX licence expression (ids are case-sensitive). */
  export default function parse(source: string): LicenseInfo | ConjunctionInfo;
}
