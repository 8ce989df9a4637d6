import { iodTitleName, matchIodNames } from './iod-names';

describe('matchIodNames', () => {
  const current = [
    'CT Image',
    'Ultrasound Image',
    'X-Ray Angiographic Image',
    'Pseudo-Color Softcopy Presentation State',
    'Enhanced XA Image',
  ];

  it('matches by name ignoring punctuation, and through the explicit renames', () => {
    const titles = [
      'CT Image IOD Modules',
      'US Image IOD Modules',
      'X Ray Angiographic Image IOD Modules',
      'Pseudo Color Softcopy Presentation State IOD Modules',
      'Enhanced X Ray Angiographic Image IOD Modules',
    ];
    expect([...matchIodNames(titles, current).values()]).toEqual(current);
  });

  it('leaves IODs no current SOP class uses unmatched', () => {
    expect(matchIodNames(['Film Session IOD Modules'], current).get('Film Session IOD Modules')).toBeUndefined();
  });

  it('strips the table suffix', () => {
    expect(iodTitleName('MR Image IOD Modules')).toBe('MR Image');
  });
});
