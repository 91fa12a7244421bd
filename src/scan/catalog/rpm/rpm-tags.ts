/** The rpm header tags and data types Airlock reads (rpm include/rpm/rpmtag.h). */

export const RpmTag = {
  /** The first package tag: everything below it is internal to the header (region markers 61–63, signature tags). */
  HEADERI18NTABLE: 100,
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  FILEMODES: 1030,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  MODULARITYLABEL: 5096,
} as const;

export const RpmType = {
  NULL: 0,
  CHAR: 1,
  INT8: 2,
  INT16: 3,
  INT32: 4,
  INT64: 5,
  STRING: 6,
  BIN: 7,
  STRING_ARRAY: 8,
  I18NSTRING: 9,
} as const;

/** Bytes per element of the fixed-size types; strings are NUL-terminated instead. */
export const TYPE_SIZE: Readonly<Record<number, number>> = { 0: 0, 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1 };
