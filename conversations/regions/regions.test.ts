import { describe, expect, it } from 'vitest';
import { testGazetteer } from '../testing/harness.js';
import { describeAddress } from './address.js';
import { editDistance } from './fuzzy.js';
import { matchRegion, type RegionMatch } from './match.js';
import { regionKey } from './normalize.js';

const g = testGazetteer();

function found(m: RegionMatch): string | string[] | null {
  if (m.type === 'found') return m.region.code;
  if (m.type === 'ambiguous') return m.candidates.map((c) => c.code);
  return null;
}

describe('the gazetteer', () => {
  it('holds the Kemendagri lists', () => {
    expect(g.children(null)).toHaveLength(38);
    expect(g.get('21.71.07.1004')?.name).toBe('Tanjung Piayu');
    expect(g.get('21.71')?.name).toBe('Kota Batam');
    expect(g.get('34')?.name).toBe('Daerah Istimewa Yogyakarta');
    expect(g.get('31')?.name).toBe('DKI Jakarta');
    expect(g.children('21.71.07').map((v) => v.name)).toContain('Tanjung Piayu');
    expect(g.regenciesNamed('batam').map((r) => r.code)).toEqual(['21.71']);
  });
  it('describes an address smallest place first', () => {
    expect(describeAddress(g, { province: '21', regency: '21.71', district: '21.71.07', village: '21.71.07.1004' })).toBe(
      'Tanjung Piayu, Sei Beduk, Kota Batam, Kepulauan Riau',
    );
  });
});

describe('regionKey', () => {
  it.each([
    ['Kab. Lingga', { key: 'lingga', type: 'kab' }],
    ['KOTA BATAM', { key: 'batam', type: 'kota' }],
    ['sei beduk', { key: 'sungai beduk', type: null }],
    ['Kec. Tj. Uncang', { key: 'tanjung uncang', type: null }],
    ['Kota', { key: 'kota', type: null }],
  ])('%s', (input, expected) => expect(regionKey(input)).toMatchObject(expected));
});

describe('matchRegion among one parent’s children', () => {
  it.each([
    ['kepri', null, '21'],
    ['Kepulauan Riau', null, '21'],
    ['kaltim', null, '64'],
    ['jogja', null, '34'],
    ['sumatra utara', null, '12'],
    ['batam', '21', '21.71'],
    ['kab. lingga', '21', '21.04'],
    ['lingga', '21', '21.04'],
    ['kota balikpapan', '64', '64.71'],
    ['sei beduk', '21.71', '21.71.07'],
    ['sungai beduk', '21.71', '21.71.07'],
    ['sei bedok', '21.71', '21.71.07'],
    ['Kec. Sei Beduk', '21.71', '21.71.07'],
    ['lingga', '21.04', '21.04.02'],
    ['kaur utara', '17.04', '17.04.03'],
    ['tanjung piayu', '21.71.07', '21.71.07.1004'],
    ['tj piayu', '21.71.07', '21.71.07.1004'],
    ['tanjng piayu', '21.71.07', '21.71.07.1004'],
    ['kelurahan tanjung piayu', '21.71.07', '21.71.07.1004'],
    ['daik', '21.04.02', '21.04.02.1010'],
  ])('%s under %s', (input, parent, code) => expect(found(matchRegion(input, g.children(parent)))).toBe(code));

  it('offers the close ones when several fit', () => {
    expect(found(matchRegion('jawa', g.children(null)))).toEqual(['32', '33', '35']);
    expect(found(matchRegion('bekasi', g.children('32')))).toEqual(['32.16', '32.75']);
    expect(found(matchRegion('kota bekasi', g.children('32')))).toBe('32.75');
    expect(found(matchRegion('kaur', g.children('17.04')))).toEqual(['17.04.03', '17.04.04', '17.04.05']);
  });

  it('finds nothing rather than guessing', () => {
    expect(matchRegion('atlantis', g.children(null)).type).toBe('none');
    expect(matchRegion('', g.children(null)).type).toBe('none');
    expect(matchRegion('🏝️', g.children(null)).type).toBe('none');
    expect(matchRegion('tanjung piayu', g.children('21.04.02')).type).not.toBe('found');
  });
});

describe('editDistance', () => {
  it('counts a transposition as one edit and stops early', () => {
    expect(editDistance('tanjugn', 'tanjung', 2)).toBe(1);
    expect(editDistance('abc', 'abc', 0)).toBe(0);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
