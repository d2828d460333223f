#include "textflag.h"

// func indexAsm(p *byte, blocks int, out *uint64, carry *[2]uint64, wide bool) (bad int)
//
// The structural index of len(p)/64 blocks of p; see indexGeneric in
// structural.go, which does the same eight bytes at a time. Per block it
// writes two masks to out: quotes that close a string and every
// backslash, and the brackets outside strings. carry holds the state
// between blocks (all ones inside a string; 1 when the next byte is
// escaped). bad is the offset of the first backslash outside a string, or
// -1.
//
// Bytes are compared 64 at a time into mask registers with AVX-512 (wide),
// 32 at a time with AVX2 otherwise (VPCMPEQB, VPMOVMSKB); OR-ing 0x20 maps
// '[' to '{' and ']' to '}' and no other byte to either. Escapes follow
// escapedBytes; the prefix XOR is a carry-less multiplication by all ones.
TEXT ·indexAsm(SB), NOSPLIT, $0-48
	MOVQ $-1, bad+40(FP)
	MOVQ p+0(FP), SI
	MOVQ blocks+8(FP), CX
	MOVQ out+16(FP), DI
	MOVQ carry+24(FP), AX
	MOVQ 0(AX), R14 // in a string: all ones
	MOVQ 8(AX), R13 // next byte escaped: 1
	MOVBQZX wide+32(FP), BX // 1: AVX-512
	TESTQ CX, CX
	JZ   done

	MOVL $0x22, AX
	MOVQ AX, X0
	MOVL $0x5c, AX
	MOVQ AX, X1
	MOVL $0x20, AX
	MOVQ AX, X2
	MOVL $0x7b, AX
	MOVQ AX, X3
	MOVL $0x7d, AX
	MOVQ AX, X4
	VPCMPEQB X10, X10, X10 // all ones
	TESTQ BX, BX
	JNZ  setup512
	VPBROADCASTB X0, Y0 // '"'
	VPBROADCASTB X1, Y1 // '\\'
	VPBROADCASTB X2, Y2 // 0x20
	VPBROADCASTB X3, Y3 // '{'
	VPBROADCASTB X4, Y4 // '}'
	JMP  loop

setup512:
	VPBROADCASTB X0, Z0
	VPBROADCASTB X1, Z1
	VPBROADCASTB X2, Z2
	VPBROADCASTB X3, Z3
	VPBROADCASTB X4, Z4

pair512:
	// With AVX-512, two blocks at a time while neither has a backslash
	// and no escape carries into them (a backslash is rare in these logs:
	// in under 1% of 128-byte spans); otherwise one block at a time, at
	// loop, which comes back here.
	CMPQ     CX, $2
	JLT      loop
	TESTQ    R13, R13
	JNZ      loop
	VMOVDQU64 (SI), Z5
	VMOVDQU64 64(SI), Z6
	VPCMPEQB Z1, Z5, K2
	VPCMPEQB Z1, Z6, K5
	KORTESTQ K2, K5
	JNZ      loop
	VPCMPEQB Z0, Z5, K1
	VPCMPEQB Z0, Z6, K4
	VPORQ    Z2, Z5, Z5
	VPORQ    Z2, Z6, Z6
	VPCMPEQB Z3, Z5, K3
	VPCMPEQB Z4, Z5, K6
	KORQ     K3, K6, K3
	VPCMPEQB Z3, Z6, K6
	VPCMPEQB Z4, Z6, K7
	KORQ     K6, K7, K6
	KMOVQ    K1, R8  // quotes, first block
	KMOVQ    K4, R9  // quotes, second block
	KMOVQ    K3, R10 // brackets, first block
	KMOVQ    K6, R11 // brackets, second block

	// The prefix XORs of both blocks' quotes, then each block's string
	// bits from the carry of the one before.
	MOVQ       R8, X9
	VPCLMULQDQ $0x00, X10, X9, X9
	MOVQ       R9, X11
	VPCLMULQDQ $0x00, X10, X11, X11
	MOVQ       X9, AX
	XORQ       R14, AX
	MOVQ       AX, R14
	SARQ       $63, R14
	MOVQ       X11, DX
	XORQ       R14, DX
	MOVQ       DX, R14
	SARQ       $63, R14

	ANDNQ R8, AX, R8 // closing quotes (and no backslash)
	MOVQ  R8, (DI)
	ANDNQ R10, AX, R10
	MOVQ  R10, 8(DI)
	ANDNQ R9, DX, R9
	MOVQ  R9, 16(DI)
	ANDNQ R11, DX, R11
	MOVQ  R11, 24(DI)
	ADDQ  $128, SI
	ADDQ  $32, DI
	SUBQ  $2, CX
	JNZ   pair512
	JMP   end

loop:
	TESTQ BX, BX
	JNZ  classify512

	VMOVDQU (SI), Y5
	VMOVDQU 32(SI), Y6

	VPCMPEQB Y0, Y5, Y7
	VPCMPEQB Y0, Y6, Y8
	VPMOVMSKB Y7, R8
	VPMOVMSKB Y8, DX
	SHLQ $32, DX
	ORQ  DX, R8 // quotes

	VPCMPEQB Y1, Y5, Y7
	VPCMPEQB Y1, Y6, Y8
	VPMOVMSKB Y7, R9
	VPMOVMSKB Y8, DX
	SHLQ $32, DX
	ORQ  DX, R9 // backslashes

	VPOR Y2, Y5, Y5
	VPOR Y2, Y6, Y6
	VPCMPEQB Y3, Y5, Y7
	VPCMPEQB Y4, Y5, Y9
	VPOR Y9, Y7, Y7
	VPCMPEQB Y3, Y6, Y8
	VPCMPEQB Y4, Y6, Y9
	VPOR Y9, Y8, Y8
	VPMOVMSKB Y7, R10
	VPMOVMSKB Y8, DX
	SHLQ $32, DX
	ORQ  DX, R10 // brackets
	JMP  classified

classify512:
	VMOVDQU64 (SI), Z5
	VPCMPEQB Z0, Z5, K1
	VPCMPEQB Z1, Z5, K2
	VPORQ    Z2, Z5, Z5
	VPCMPEQB Z3, Z5, K3
	VPCMPEQB Z4, Z5, K4
	KORQ     K3, K4, K3
	KMOVQ    K1, R8  // quotes
	KMOVQ    K2, R9  // backslashes
	KMOVQ    K3, R10 // brackets

classified:
	MOVQ R9, AX
	ORQ  R13, AX
	JZ   noescape

	// escapedBytes(bs=R9, prev=R13): escaped bytes in AX, next carry in R13.
	MOVQ R9, AX
	SHLQ $1, AX
	NOTQ AX
	ANDQ R9, AX // starts
	MOVQ $0x5555555555555555, DX
	XORQ R13, DX // evenStartMask
	MOVQ AX, R11
	ANDQ DX, R11 // evenStarts
	NOTQ DX
	ANDQ DX, AX  // oddStarts
	ADDQ R9, R11 // evenCarries
	ADDQ R9, AX  // oddCarries
	SETCS DL
	MOVBQZX DL, DX
	ORQ  R13, AX
	MOVQ DX, R13
	MOVQ R9, R12
	NOTQ R12
	ANDQ R12, R11 // evenCarryEnds
	ANDQ R12, AX  // oddCarryEnds
	MOVQ $0xaaaaaaaaaaaaaaaa, R12
	ANDQ R12, R11
	MOVQ $0x5555555555555555, R12
	ANDQ R12, AX
	ORQ  R11, AX // escaped
	NOTQ AX
	ANDQ AX, R8 // unescaped quotes

noescape:
	MOVQ R8, X9
	VPCLMULQDQ $0x00, X10, X9, X9
	MOVQ X9, AX // prefix XOR of the quotes
	XORQ R14, AX // in a string, from the opening quote to before the closing one
	MOVQ AX, R14
	SARQ $63, R14 // the next block starts in a string when this one ends in one

	ANDNQ R8, AX, R8 // closing quotes
	ORQ   R9, R8
	MOVQ  R8, (DI)
	ANDNQ R10, AX, R10
	MOVQ  R10, 8(DI)
	ANDNQ R9, AX, R9 // backslashes outside strings
	JNZ   outside

next:
	ADDQ  $64, SI
	ADDQ  $16, DI
	DECQ  CX
	JZ    end
	TESTQ BX, BX
	JNZ   pair512
	JMP   loop

end:
	VZEROUPPER

done:
	MOVQ carry+24(FP), AX
	MOVQ R14, 0(AX)
	MOVQ R13, 8(AX)
	RET

outside:
	MOVQ bad+40(FP), AX
	CMPQ AX, $-1
	JNE  next
	BSFQ R9, AX
	ADDQ SI, AX
	SUBQ p+0(FP), AX
	MOVQ AX, bad+40(FP)
	JMP  next
