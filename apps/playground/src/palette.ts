/** Overlay colours: distinguishable, colour-blind safe (Okabe-Ito). */
export const palette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

export const colourOf = (index: number): string => palette[index % palette.length] as string;
