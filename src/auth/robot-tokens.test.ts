import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseRobotToken, ROBOT_TOKEN_PREFIX } from './robot-tokens.js';

const ID = '0123456789abcdef';
const SECRET = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

describe('parseRobotToken', () => {
  it('splits alk_<id>_<secret>', () => {
    expect(SECRET).toHaveLength(43);
    expect(parseRobotToken(`alk_${ID}_${SECRET}`)).toEqual({ id: ID, secret: SECRET });
  });

  it('keeps underscores and dashes that belong to the secret', () => {
    const secret = `_${'-'.repeat(20)}${'_'.repeat(22)}`;
    expect(parseRobotToken(`alk_${ID}_${secret}`)).toEqual({ id: ID, secret });
  });

  it('reads every token shaped the way RobotTokenStore.create issues them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (idBytes, secretBytes) => {
        const id = Buffer.from(idBytes).toString('hex');
        const secret = Buffer.from(secretBytes).toString('base64url');
        expect(parseRobotToken(`${ROBOT_TOKEN_PREFIX}${id}_${secret}`)).toEqual({ id, secret });
      }),
    );
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    expect(parseRobotToken(`alk_${id}_${secret}`)).toEqual({ id, secret });
  });

  it.each([
    ['empty', ''],
    ['no prefix', `${ID}_${SECRET}`],
    ['another prefix', `ghp_${ID}_${SECRET}`],
    ['uppercase prefix', `ALK_${ID}_${SECRET}`],
    ['uppercase id', `alk_${ID.toUpperCase()}_${SECRET}`],
    ['short id', `alk_${ID.slice(1)}_${SECRET}`],
    ['long id', `alk_${ID}0_${SECRET}`],
    ['short secret', `alk_${ID}_${SECRET.slice(1)}`],
    ['long secret', `alk_${ID}_${SECRET}a`],
    ['standard base64 characters', `alk_${ID}_${SECRET.slice(0, -2)}+/`],
    ['padding', `alk_${ID}_${SECRET.slice(0, -1)}=`],
    ['a trailing newline', `alk_${ID}_${SECRET}\n`],
    ['surrounding space', ` alk_${ID}_${SECRET}`],
    ['a missing separator', `alk_${ID}${SECRET}`],
    ['a password instead', 'correct horse battery staple'],
  ])('refuses %s', (_label, token) => {
    expect(parseRobotToken(token)).toBeUndefined();
  });
});
