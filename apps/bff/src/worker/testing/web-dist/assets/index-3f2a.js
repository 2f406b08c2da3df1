// The test shell's script: only its bytes and headers matter.
export const title = 'Pail';
