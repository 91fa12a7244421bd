/** ELF reading shared by the binary catalogers (go/, rust-binary/). */
export { ElfFile, ELF_MAGIC, PT_LOAD, SHT_NOBITS, hasElfMagic, type ElfSection, type ElfSegment } from './elf-file.js';
export { isExecutableCandidate } from './executable-candidate.js';
