#include "textflag.h"

// func indexAVX2(p *byte, blocks int, out *uint64, carry *[2]uint64) (bad int)
//
// The structural index of len(p)/64 blocks of p; see indexGeneric in
// structural.go, which does the same eight bytes at a time. Per block it
// writes three masks to out: quotes that open or close a string, those
// quotes and every backslash, and the brackets outside strings. carry holds
// the state between blocks (all ones inside a string; 1 when the next byte
// is escaped). bad is the offset of the first backslash outside a string,
// or -1.
//
// Bytes are compared 32 at a time (VPCMPEQB, VPMOVMSKB); OR-ing 0x20 maps
// '[' to '{' and ']' to '}' and no other byte to either. Escapes follow
// escapedBytes; the prefix XOR is a carry-less multiplication by all ones.
TEXT ·indexAVX2(SB), NOSPLIT, $0-40
	MOVQ $-1, bad+32(FP)
	MOVQ p+0(FP), SI
	MOVQ blocks+8(FP), CX
	MOVQ out+16(FP), DI
	MOVQ carry+24(FP), AX
	MOVQ 0(AX), R14 // in a string: all ones
	MOVQ 8(AX), R13 // next byte escaped: 1
	XORQ BX, BX     // offset of the block
	TESTQ CX, CX
	JZ   done

	MOVL $0x22, AX
	MOVQ AX, X0
	VPBROADCASTB X0, Y0 // '"'
	MOVL $0x5c, AX
	MOVQ AX, X1
	VPBROADCASTB X1, Y1 // '\\'
	MOVL $0x20, AX
	MOVQ AX, X2
	VPBROADCASTB X2, Y2 // 0x20
	MOVL $0x7b, AX
	MOVQ AX, X3
	VPBROADCASTB X3, Y3 // '{'
	MOVL $0x7d, AX
	MOVQ AX, X4
	VPBROADCASTB X4, Y4 // '}'
	VPCMPEQB X10, X10, X10 // all ones

loop:
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
	MOVQ AX, DX
	XORQ R14, AX // in a string
	SARQ $63, DX
	XORQ DX, R14

	MOVQ R8, (DI)
	MOVQ R8, DX
	ORQ  R9, DX
	MOVQ DX, 8(DI)
	NOTQ AX
	ANDQ AX, R10
	MOVQ R10, 16(DI)
	ANDQ AX, R9 // backslashes outside strings
	JNZ  outside

next:
	ADDQ $64, SI
	ADDQ $24, DI
	ADDQ $64, BX
	DECQ CX
	JNZ  loop
	VZEROUPPER

done:
	MOVQ carry+24(FP), AX
	MOVQ R14, 0(AX)
	MOVQ R13, 8(AX)
	RET

outside:
	MOVQ bad+32(FP), AX
	CMPQ AX, $-1
	JNE  next
	BSFQ R9, AX
	ADDQ BX, AX
	MOVQ AX, bad+32(FP)
	JMP  next
