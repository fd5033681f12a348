/** 市 > 县(区) > 乡镇(街道) > 村(社区); halls are county centres, town centres or village stations. */
export const REGION_LEVELS = ['city', 'county', 'town', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
export const HALL_LEVELS = ['county', 'town', 'village'] as const;
export type HallLevel = (typeof HALL_LEVELS)[number];

const depth = (l: string) => (REGION_LEVELS as readonly string[]).indexOf(l);

/** A region hangs below a region of a higher level (a town below a county, not below a town). */
export const fitsBelow = (parent: string, child: string) => depth(child) > depth(parent) && depth(parent) >= 0;

/** The hall level a region's own centre has by default (a city's centre works like a county's). */
export const hallLevelOf = (regionLevel: string): HallLevel => (regionLevel === 'town' ? 'town' : regionLevel === 'village' ? 'village' : 'county');

/** A hall of this level may stand in a region of that level (a village station not in a county region's own seat). */
export const hallFitsRegion = (hallLevel: string, regionLevel: string) => depth(hallLevel) >= depth(regionLevel) || (hallLevel === 'county' && regionLevel === 'city');
